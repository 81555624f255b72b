package io.iokeycloak.provider.store;

import io.iokeycloak.provider.spi.StatelessFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import java.util.List;

/**
 * Registers IO's tables with Keycloak's JPA store: the entities and the Liquibase changelog that
 * Keycloak applies at start, on its dev database as on PostgreSQL. Removing a realm removes its
 * IO configuration in the same transaction.
 */
public class IoConfigEntities implements JpaEntityProvider, JpaEntityProviderFactory, StatelessFactory<JpaEntityProvider> {

    public static final String ID = "io-config";

    @Override
    public List<Class<?>> getEntities() {
        return List.of(IoFlowEntity.class, IoFlowVersionEntity.class, IoMessageBundleEntity.class, IoRealmSettingEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/io-config-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void close() {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                IoConfigStore.of(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            }
        });
    }
}
