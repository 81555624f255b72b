package io.iokeycloak.provider.authenticator;

import io.iokeycloak.provider.config.IoJourneyOptions;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

public class IoJourneyAuthenticatorFactory implements AuthenticatorFactory {

    public static final String PROVIDER_ID = "io-journey";

    private static final IoJourneyAuthenticator SINGLETON = new IoJourneyAuthenticator();

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
    };

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(IoJourneyOptions.BRIDGE_URL).label("Bridge URL").type(ProviderConfigProperty.STRING_TYPE)
                .required(true).helpText("Base URL of the IO bridge, e.g. http://localhost:3000.").add()
            .property().name(IoJourneyOptions.FLOW).label("Flow").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("IO flow id to run (id or id@version). A client's attribute io.flow overrides it; one of the two is required.").add()
            .property().name(IoJourneyOptions.BRIDGE_ISSUER).label("Bridge issuer").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Expected 'iss' of the evidence. Default: the bridge URL.").add()
            .property().name(IoJourneyOptions.BRIDGE_JWKS_URL).label("Bridge JWKS URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Where the bridge publishes its public keys. Default: {bridge URL}/.well-known/jwks.json.").add()
            .property().name(IoJourneyOptions.HANDOFF_AUDIENCE).label("Handoff audience").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("'aud' of the handoff token. Default: the bridge URL.").add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "IO journey";
    }

    @Override
    public String getHelpText() {
        return "Sends the user through an IO journey on the IO bridge and applies its signed result.";
    }

    @Override
    public String getReferenceCategory() {
        return "io-journey";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENT_CHOICES;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
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
