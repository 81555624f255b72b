package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.admin.validation.BridgeClient;
import io.iokeycloak.provider.runtime.IoRuntimeRole;
import io.iokeycloak.provider.runtime.RuntimeSnapshots;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import io.iokeycloak.provider.store.IoConfigStore;

/**
 * Mounts IO's admin REST API at {@code /admin/realms/{realm}/io} (docs/admin-api.md). SPI options
 * ({@code --spi-admin-realm-restapi-extension--io--bridge-url}, {@code --...--bridge-audience}): the
 * bridge that validates flows before they are published. Creates the {@code io-runtime} role in
 * every realm: the existing ones once Keycloak has started (after its migration and imports), new
 * ones as they are created.
 */
public class IoAdminApi implements AdminRealmResourceProvider, AdminRealmResourceProviderFactory {

    public static final String ID = "io";

    private BridgeClient bridge;

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        bridge = BridgeClient.configured(config::get);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                IoRuntimeRole.ensure(created.getCreatedRealm());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                RuntimeSnapshots.node().evict(removed.getRealm().getId());
            } else if (event instanceof PostMigrationEvent migrated) {
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
                        session -> session.realms().getRealmsStream().forEach(IoRuntimeRole::ensure));
            }
        });
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
        return new IoRealmResource(new ApiContext(session, realm, auth, IoConfigStore.of(session), new AdminChanges(session, adminEvent), bridge));
    }
}
