package io.iokeycloak.provider.runtime;

import org.keycloak.events.Errors;

/**
 * A handoff of a flow kept in Keycloak cannot name its versions; the login fails closed.
 * {@link #error()} is the event error: {@value #NOT_PUBLISHED} (no active version, an unknown
 * pinned version, a called flow not published) or {@code invalid_config} (unusable permissions,
 * too many flows).
 */
public class FlowVersionException extends Exception {

    public static final String NOT_PUBLISHED = "io_flow_not_published";
    public static final String NOT_CONFIGURED = Errors.INVALID_CONFIG;

    private final String error;

    private FlowVersionException(String error, String message) {
        super(message);
        this.error = error;
    }

    public static FlowVersionException notPublished(String message) {
        return new FlowVersionException(NOT_PUBLISHED, message);
    }

    public static FlowVersionException notConfigured(String message) {
        return new FlowVersionException(NOT_CONFIGURED, message);
    }

    public String error() {
        return error;
    }
}
