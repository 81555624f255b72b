package io.iokeycloak.provider.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The node's snapshots, one per realm, least recently used dropped beyond {@code maxRealms}. A
 * snapshot is reused while the realm's revision is the one it was loaded at; otherwise the loader
 * (the database) runs once and its result replaces it. Loading happens outside the lock: two
 * logins racing on a new revision may both load, which is harmless.
 */
public final class RuntimeSnapshotCache {

    public static final int DEFAULT_MAX_REALMS = 1000;

    private final Map<String, RuntimeSnapshot> byRealm;

    public RuntimeSnapshotCache(int maxRealms) {
        this.byRealm = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, RuntimeSnapshot> eldest) {
                return size() > maxRealms;
            }
        };
    }

    /** @param load reads the realm's snapshot at {@code revision} from the database */
    public RuntimeSnapshot get(String realmId, String revision, Supplier<RuntimeSnapshot> load) {
        synchronized (byRealm) {
            RuntimeSnapshot cached = byRealm.get(realmId);
            if (cached != null && Objects.equals(cached.revision(), revision)) {
                return cached;
            }
        }
        RuntimeSnapshot loaded = load.get();
        synchronized (byRealm) {
            byRealm.put(realmId, loaded);
        }
        return loaded;
    }

    /** When the realm is removed. */
    public void evict(String realmId) {
        synchronized (byRealm) {
            byRealm.remove(realmId);
        }
    }

    int size() {
        synchronized (byRealm) {
            return byRealm.size();
        }
    }
}
