package io.iokeycloak.provider.runtime;

import org.keycloak.models.RealmModel;

import java.util.UUID;

/**
 * Realm attribute {@code io.runtimeRevision}: an opaque value that changes, in the same
 * transaction, with every change to what a handoff of the realm would say (a flow created,
 * published, activated, rolled out or deleted, an import, a template install, the obligation
 * mapping). Realm attributes live in Keycloak's realm cache, invalidated cluster-wide on change, so
 * every node sees a new revision once it is committed and reloads its {@link RuntimeSnapshotCache}.
 */
public final class RuntimeRevision {

    public static final String REALM_ATTRIBUTE = "io.runtimeRevision";

    private RuntimeRevision() {
    }

    /** The realm's revision; null before the first change. */
    public static String of(RealmModel realm) {
        return realm.getAttribute(REALM_ATTRIBUTE);
    }

    public static void bump(RealmModel realm) {
        realm.setAttribute(REALM_ATTRIBUTE, UUID.randomUUID().toString());
    }
}
