package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.store.IoConfigStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * What every IO admin resource works with: the realm from the path (Keycloak has already refused
 * an admin of another realm), the caller's admin permissions, the store and the admin events.
 * Reading needs {@code view-realm}; changing needs {@code manage-realm}.
 */
record ApiContext(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, IoConfigStore store, AdminChanges changes) {

    void requireView() {
        auth.realm().requireViewRealm();
    }

    void requireManage() {
        auth.realm().requireManageRealm();
    }

    /** Who made a change, as stored with it. */
    String actor() {
        return auth.adminAuth().getUser().getUsername();
    }
}
