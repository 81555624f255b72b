package io.iokeycloak.provider.authenticator;

import io.iokeycloak.provider.spi.StatelessFactory;
import io.iokeycloak.provider.config.IoJourneyConfigProperties;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

public class IoJourneyAuthenticatorFactory implements AuthenticatorFactory, StatelessFactory<Authenticator> {

    public static final String PROVIDER_ID = "io-journey";

    private static final IoJourneyAuthenticator SINGLETON = new IoJourneyAuthenticator();

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENT_CHOICES = {
            AuthenticationExecutionModel.Requirement.REQUIRED,
            AuthenticationExecutionModel.Requirement.ALTERNATIVE,
            AuthenticationExecutionModel.Requirement.DISABLED
    };


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
        return IoJourneyConfigProperties.ALL;
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return SINGLETON;
    }
}
