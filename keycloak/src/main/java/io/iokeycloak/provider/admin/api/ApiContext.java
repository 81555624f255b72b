package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.admin.validation.BridgeClient;
import io.iokeycloak.provider.runtime.RuntimeRevision;
import io.iokeycloak.provider.store.IoConfigStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What every IO admin resource works with: the realm from the path (Keycloak has already refused
 * an admin of another realm), the caller's admin permissions, the store and the admin events.
 * Reading needs {@code view-realm}; changing needs {@code manage-realm}. The bridge client makes the
 * admin calls to the bridge (validate, try, executions) on the admin's behalf.
 */
record ApiContext(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, IoConfigStore store, AdminChanges changes,
                  BridgeClient bridge) {

    void requireView() {
        auth.realm().requireViewRealm();
    }

    void requireManage() {
        auth.realm().requireManageRealm();
    }

    /**
     * Marks a change to what a handoff of the realm would say (which flows the realm keeps, their
     * versions, active versions and rollouts, the obligation mapping): every node reloads its
     * runtime snapshot. Part of the request's transaction, like the change itself.
     */
    void runtimeChanged() {
        RuntimeRevision.bump(realm);
    }

    /** The caller's user id (the {@code sub} of what is signed on their behalf). */
    String actorId() {
        return auth.adminAuth().getUser().getId();
    }

    /** Who made a change, as stored with it. */
    String actor() {
        return auth.adminAuth().getUser().getUsername();
    }
}
