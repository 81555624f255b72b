package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.spi.StatelessFactory;
import io.iokeycloak.provider.store.IoConfigStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts IO's admin REST API at {@code /admin/realms/{realm}/io} (docs/admin-api.md). */
public class IoAdminApi implements AdminRealmResourceProvider, AdminRealmResourceProviderFactory, StatelessFactory<AdminRealmResourceProvider> {

    public static final String ID = "io";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new IoRealmResource(new ApiContext(session, realm, auth, IoConfigStore.of(session), new AdminChanges(session, adminEvent)));
    }
}
