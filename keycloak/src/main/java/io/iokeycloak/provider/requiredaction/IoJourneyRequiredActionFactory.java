package io.iokeycloak.provider.requiredaction;

import io.iokeycloak.provider.spi.StatelessFactory;
import io.iokeycloak.provider.config.IoJourneyConfigProperties;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.config.MissingOptionException;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

import java.util.List;

/**
 * Reads the server-wide options once at startup. Keycloak (Quarkus) maps {@code scope.get("bridgeUrl")}
 * to {@code --spi-required-action--io-journey--bridge-url} (env {@code KC_SPI_REQUIRED_ACTION__IO_JOURNEY__BRIDGE_URL}).
 */
public class IoJourneyRequiredActionFactory implements RequiredActionFactory, StatelessFactory<RequiredActionProvider> {

    public static final String PROVIDER_ID = "io-journey";

    private static final Logger LOG = Logger.getLogger(IoJourneyRequiredActionFactory.class);

    private IoJourneyOptions options;
    private MissingOptionException missingOption;

    @Override
    public void init(Config.Scope config) {
        try {
            // flow is optional here: obligations stand in for it.
            options = IoJourneyOptions.resolve(config::get, false);
        } catch (MissingOptionException missing) {
            // Not fatal at startup: the realm may only use the authenticator. Logins that reach the
            // required action fail closed and log the same hint.
            missingOption = missing;
            LOG.infof("IO journey required action is not configured (%s); set --spi-required-action--%s--%s to use it",
                    missing.getMessage(), PROVIDER_ID, toDashCase(missing.option()));
        }
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return new IoJourneyRequiredAction(options, missingOption);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayText() {
        return "IO journey";
    }

    /** The server-wide options (--spi-required-action--io-journey--bridge-url, ...). */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return IoJourneyConfigProperties.ALL;
    }

    /** Option name as typed on the command line: bridgeJwksUrl -> bridge-jwks-url. */
    static String toDashCase(String option) {
        return option.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
