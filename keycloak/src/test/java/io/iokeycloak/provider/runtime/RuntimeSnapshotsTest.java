package io.iokeycloak.provider.runtime;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The handoff path reads the database only when the realm's revision changed: with the same
 * revision, neither the loader nor the session (the entity manager) is touched.
 */
class RuntimeSnapshotsTest {

    /** A session whose every use fails the test: the only thing that may use it is the loader. */
    private static final KeycloakSession UNTOUCHABLE = (KeycloakSession) Proxy.newProxyInstance(
            KeycloakSession.class.getClassLoader(), new Class<?>[]{KeycloakSession.class}, (proxy, method, args) -> {
                throw new AssertionError("the session was used: " + method.getName());
            });

    /** A realm with an id and attributes, nothing else. */
    private static RealmModel realm(String id, Map<String, String> attributes) {
        return (RealmModel) Proxy.newProxyInstance(RealmModel.class.getClassLoader(), new Class<?>[]{RealmModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> id;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], (String) args[1]);
                    default -> throw new AssertionError("unexpected realm call " + method.getName());
                });
    }

    @Test
    void theSameRevisionNeverReachesTheDatabase() {
        AtomicInteger loads = new AtomicInteger();
        RuntimeSnapshots snapshots = new RuntimeSnapshots(new RuntimeSnapshotCache(10), (session, realmId, revision) -> {
            loads.incrementAndGet();
            return new RuntimeSnapshot(revision, Map.of(), Map.of());
        });
        Map<String, String> attributes = new HashMap<>();
        RealmModel realm = realm("realm-1", attributes);
        RuntimeRevision.bump(realm);

        RuntimeSnapshot first = snapshots.of(UNTOUCHABLE, realm);
        for (int login = 0; login < 100; login++) {
            assertSame(first, snapshots.of(UNTOUCHABLE, realm));
        }
        assertEquals(1, loads.get());
        assertEquals(attributes.get(RuntimeRevision.REALM_ATTRIBUTE), first.revision());

        RuntimeRevision.bump(realm);
        RuntimeSnapshot reloaded = snapshots.of(UNTOUCHABLE, realm);
        assertEquals(2, loads.get(), "a new revision reloads once");
        assertEquals(attributes.get(RuntimeRevision.REALM_ATTRIBUTE), reloaded.revision());
        snapshots.of(UNTOUCHABLE, realm);
        assertEquals(2, loads.get());
    }

    /**
     * The realm's theme and processor lists come with the snapshot: handoffs at one revision read
     * them without a load; a settings change (which bumps the revision) is seen by the next handoff.
     */
    @Test
    void realmSettingsComeFromTheSnapshotAndChangeWithTheRevision() {
        AtomicInteger loads = new AtomicInteger();
        Map<String, String> stored = new HashMap<>(Map.of("theme", "\"example-child\""));
        RuntimeSnapshots snapshots = new RuntimeSnapshots(new RuntimeSnapshotCache(10), (session, realmId, revision) -> {
            loads.incrementAndGet();
            return new RuntimeSnapshot(revision, Map.of(), Map.of(), RuntimeSnapshotLoader.realmSettings(stored));
        });
        RealmModel realm = realm("realm-1", new HashMap<>());
        RuntimeRevision.bump(realm);

        for (int login = 0; login < 50; login++) {
            assertEquals("example-child", snapshots.of(UNTOUCHABLE, realm).settings().theme());
        }
        assertEquals(1, loads.get());

        // PUT /io/processors/authentication: the setting and a new revision, in one transaction.
        stored.put("processors/authentication", "[\"rate-limit\",\"audit\"]");
        RuntimeRevision.bump(realm);
        for (int login = 0; login < 50; login++) {
            assertEquals(java.util.List.of("rate-limit", "audit"), snapshots.of(UNTOUCHABLE, realm).settings().processors().get("authentication"));
        }
        assertEquals(2, loads.get());
    }

    @Test
    void aRealmWithoutARevisionIsLoadedOnceToo() {
        AtomicInteger loads = new AtomicInteger();
        RuntimeSnapshots snapshots = new RuntimeSnapshots(new RuntimeSnapshotCache(10), (session, realmId, revision) -> {
            loads.incrementAndGet();
            return new RuntimeSnapshot(revision, Map.of(), Map.of());
        });
        RealmModel realm = realm("realm-1", new HashMap<>());
        snapshots.of(UNTOUCHABLE, realm);
        snapshots.of(UNTOUCHABLE, realm);
        assertEquals(1, loads.get());
    }

    @Test
    void theCacheIsBoundedAndRealmsAreEvicted() {
        AtomicInteger loads = new AtomicInteger();
        RuntimeSnapshotCache cache = new RuntimeSnapshotCache(2);
        RuntimeSnapshots snapshots = new RuntimeSnapshots(cache, (session, realmId, revision) -> {
            loads.incrementAndGet();
            return new RuntimeSnapshot(revision, Map.of(), Map.of());
        });
        RealmModel a = realm("a", new HashMap<>(Map.of(RuntimeRevision.REALM_ATTRIBUTE, "1")));
        RealmModel b = realm("b", new HashMap<>(Map.of(RuntimeRevision.REALM_ATTRIBUTE, "1")));
        RealmModel c = realm("c", new HashMap<>(Map.of(RuntimeRevision.REALM_ATTRIBUTE, "1")));
        snapshots.of(UNTOUCHABLE, a);
        snapshots.of(UNTOUCHABLE, b);
        snapshots.of(UNTOUCHABLE, a);
        snapshots.of(UNTOUCHABLE, c); // drops b, the least recently used
        assertEquals(2, cache.size());
        assertEquals(3, loads.get());
        snapshots.of(UNTOUCHABLE, a);
        assertEquals(3, loads.get(), "a stayed");
        snapshots.of(UNTOUCHABLE, b);
        assertEquals(4, loads.get(), "b was dropped");

        snapshots.evict("b");
        snapshots.of(UNTOUCHABLE, b);
        assertEquals(5, loads.get(), "an evicted realm is reloaded");
    }
}
