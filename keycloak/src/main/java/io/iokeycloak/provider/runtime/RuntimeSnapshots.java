package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.store.IoConfigStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * A node's snapshots of its realms' IO stores. A handoff reads the realm's revision (a realm
 * attribute, from Keycloak's realm cache) and touches the database only when the revision differs
 * from its snapshot's.
 */
public final class RuntimeSnapshots {

    /** Reads a realm's snapshot at a revision; the node's reads the IO store through the session. */
    @FunctionalInterface
    public interface Loader {
        RuntimeSnapshot load(KeycloakSession session, String realmId, String revision);
    }

    private static final RuntimeSnapshots NODE = new RuntimeSnapshots(
            new RuntimeSnapshotCache(RuntimeSnapshotCache.DEFAULT_MAX_REALMS),
            (session, realmId, revision) -> RuntimeSnapshotLoader.load(IoConfigStore.of(session), realmId, revision));

    private final RuntimeSnapshotCache cache;
    private final Loader loader;

    public RuntimeSnapshots(RuntimeSnapshotCache cache, Loader loader) {
        this.cache = cache;
        this.loader = loader;
    }

    /** This node's. */
    public static RuntimeSnapshots node() {
        return NODE;
    }

    public RuntimeSnapshot of(KeycloakSession session, RealmModel realm) {
        String revision = RuntimeRevision.of(realm);
        return cache.get(realm.getId(), revision, () -> loader.load(session, realm.getId(), revision));
    }

    /** When the realm is removed. */
    public void evict(String realmId) {
        cache.evict(realmId);
    }
}
