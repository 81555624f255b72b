package io.iokeycloak.provider.config;

import java.util.function.Function;

/**
 * The provider's options with the documented defaults applied. Read from the authenticator's
 * execution config or, for the required action, from the server-wide SPI options.
 */
public record IoJourneyOptions(String bridgeUrl, String bridgeIssuer, String bridgeJwksUrl,
                               String handoffAudience, String flow) {

    public static final String BRIDGE_URL = "bridgeUrl";
    public static final String BRIDGE_ISSUER = "bridgeIssuer";
    public static final String BRIDGE_JWKS_URL = "bridgeJwksUrl";
    public static final String HANDOFF_AUDIENCE = "handoffAudience";
    public static final String FLOW = "flow";

    /**
     * @param lookup returns the raw value of an option name, or null
     * @throws MissingOptionException when {@code bridgeUrl} or {@code flow} is not set
     */
    public static IoJourneyOptions resolve(Function<String, String> lookup) throws MissingOptionException {
        return resolve(lookup, true);
    }

    /**
     * @param flowRequired false where obligations may stand in for a flow (the required action);
     *                     {@link #flow()} is then null when not set
     * @throws MissingOptionException when {@code bridgeUrl} (or a required {@code flow}) is not set
     */
    public static IoJourneyOptions resolve(Function<String, String> lookup, boolean flowRequired) throws MissingOptionException {
        String bridgeUrl = stripTrailingSlash(required(lookup, BRIDGE_URL));
        String flow = flowRequired ? required(lookup, FLOW) : trimmed(lookup.apply(FLOW));
        return new IoJourneyOptions(
                bridgeUrl,
                orDefault(lookup, BRIDGE_ISSUER, bridgeUrl),
                orDefault(lookup, BRIDGE_JWKS_URL, bridgeUrl + "/.well-known/jwks.json"),
                orDefault(lookup, HANDOFF_AUDIENCE, bridgeUrl),
                flow);
    }

    /** Where the browser is sent with the handoff token. */
    public String handoffEndpoint() {
        return bridgeUrl + "/io/handoff";
    }

    private static String required(Function<String, String> lookup, String name) throws MissingOptionException {
        String value = trimmed(lookup.apply(name));
        if (value == null) {
            throw new MissingOptionException(name);
        }
        return value;
    }

    private static String orDefault(Function<String, String> lookup, String name, String fallback) {
        String value = trimmed(lookup.apply(name));
        return value != null ? value : fallback;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    // "http://bridge/" and "http://bridge" must give the same endpoint URLs.
    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
