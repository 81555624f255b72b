package io.iokeycloak.provider.config;

import java.util.function.Function;

/**
 * Per-client switches, stored as client attributes: {@code io.enabled} ("true" turns IO journeys
 * on for the client; anything else, or absent, is off) and {@code io.flow} (the IO flow the
 * client's sign-in runs, overriding the IO journey execution's {@code flow}). The client picks its
 * sign-in journey only: an IO step in the realm's registration or reset-credentials flow runs the
 * flow its execution names, whichever client the user came from.
 */
public record ClientToggles(boolean enabled, String flow) {

    public static final String ENABLED = "io.enabled";
    public static final String FLOW = "io.flow";

    public static final ClientToggles OFF = new ClientToggles(false, null);

    /** Keycloak's flow path of the sign-in itself (LoginActionsService.AUTHENTICATE_PATH). */
    static final String SIGN_IN_PATH = "authenticate";

    /** The client's toggles where they apply: in the sign-in; elsewhere (registration, reset-credentials...) {@link #OFF}. */
    public static ClientToggles of(String flowPath, Function<String, String> attribute) {
        return SIGN_IN_PATH.equals(flowPath) ? of(attribute) : OFF;
    }

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
