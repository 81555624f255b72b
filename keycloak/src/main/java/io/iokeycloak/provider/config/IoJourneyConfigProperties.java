package io.iokeycloak.provider.config;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * The IO journey options as Keycloak describes configuration: the authenticator's execution config
 * form, and the required action's server-wide SPI options (shown in the server info).
 */
public final class IoJourneyConfigProperties {

    public static final List<ProviderConfigProperty> ALL = ProviderConfigurationBuilder.create()
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

    private IoJourneyConfigProperties() {
    }
}
