package io.iokeycloak.provider.runtime;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.services.resources.admin.AdminAuth;

/**
 * The client role {@code io-runtime} of a realm's {@code realm-management} client: the one right
 * to read published flow versions through {@code /io/runtime} (the bridge's service account holds
 * it, next to {@code manage-users}). No admin role includes it; the provider creates it in every
 * realm that has a {@code realm-management} client (the master realm has none).
 */
public final class IoRuntimeRole {

    public static final String NAME = "io-runtime";
    static final String DESCRIPTION = "IO bridge: read the published flow versions the handoffs of this realm name";

    private IoRuntimeRole() {
    }

    /** Creates the role when the realm lacks it; idempotent. */
    public static void ensure(RealmModel realm) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (management != null && management.getRole(NAME) == null) {
            RoleModel role = management.addRole(NAME);
            role.setDescription(DESCRIPTION);
        }
    }

    /** Whether the caller is of this realm and holds the role (directly or through a composite or group). */
    public static boolean heldBy(AdminAuth caller, RealmModel realm) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        return management != null && caller.getRealm().getId().equals(realm.getId()) && caller.hasAppRole(management, NAME);
    }
}
