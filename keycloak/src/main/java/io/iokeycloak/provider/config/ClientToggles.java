package io.iokeycloak.provider.config;

import java.util.function.Function;

/**
 * Per-client switches, stored as client attributes: {@code io.enabled} ("true" turns IO journeys
 * on for the client; anything else, or absent, is off) and {@code io.flow} (the IO flow the
 * client runs, overriding the IO journey execution's {@code flow}).
 */
public record ClientToggles(boolean enabled, String flow) {

    public static final String ENABLED = "io.enabled";
    public static final String FLOW = "io.flow";

    public static final ClientToggles OFF = new ClientToggles(false, null);

    /** @param attribute returns a client attribute's value, or null */
    public static ClientToggles of(Function<String, String> attribute) {
        String flow = attribute.apply(FLOW);
        return new ClientToggles("true".equalsIgnoreCase(trim(attribute.apply(ENABLED))),
                flow == null || flow.isBlank() ? null : flow.trim());
    }

    /** The option lookup with the client's flow in front of the execution's {@code flow}. */
    public Function<String, String> overriding(Function<String, String> options) {
        return name -> IoJourneyOptions.FLOW.equals(name) && flow != null ? flow : options.apply(name);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
