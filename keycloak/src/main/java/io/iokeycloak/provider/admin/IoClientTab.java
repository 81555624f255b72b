package io.iokeycloak.provider.admin;

import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.ui.extend.UiTabProvider;
import org.keycloak.services.ui.extend.UiTabProviderFactory;

import java.util.List;
import java.util.Map;

/**
 * The "IO" tab on a client's details in the admin console (feature {@code declarative-ui}). The
 * console saves the form as a realm component; saving it writes the client attributes
 * {@code io.enabled} and {@code io.flow}, which are what the provider reads.
 */
public class IoClientTab implements UiTabProvider, UiTabProviderFactory<ComponentModel> {

    /** Also the tab's title in the console. */
    public static final String PROVIDER_ID = "IO";

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(ClientTabValues.ENABLED_FIELD).label("IO journeys enabled")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Client attribute io.enabled: logins of this client run IO journeys (the realm's browser flow"
                        + " must use 'Condition - IO flow enabled for client').").add()
            .property().name(ClientTabValues.FLOW_FIELD).label("IO flow")
                .type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Client attribute io.flow: the IO flow this client runs (id or id@version). Empty: the IO"
                        + " journey execution's flow.").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "IO journeys for this client";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public String getPath() {
        return "/:realm/clients/:clientId/:tab";
    }

    @Override
    public Map<String, String> getParams() {
        return Map.of("tab", "io");
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        if (client(realm, ClientTabValues.of(model::get)) == null) {
            throw new ComponentValidationException("The IO tab can only be saved from a client's details");
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        writeClientAttributes(realm, model);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        writeClientAttributes(realm, newModel);
    }

    private static void writeClientAttributes(RealmModel realm, ComponentModel model) {
        ClientTabValues values = ClientTabValues.of(model::get);
        ClientModel client = client(realm, values);
        if (client == null) {
            return;
        }
        values.clientAttributes().forEach((name, value) -> {
            if (value == null) {
                client.removeAttribute(name);
            } else {
                client.setAttribute(name, value);
            }
        });
    }

    private static ClientModel client(RealmModel realm, ClientTabValues values) {
        return values.clientUuid() == null || values.clientUuid().isEmpty() ? null : realm.getClientById(values.clientUuid());
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
