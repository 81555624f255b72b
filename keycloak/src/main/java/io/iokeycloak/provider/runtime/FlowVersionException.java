package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.error.IoError;

/**
 * A handoff of a flow kept in Keycloak cannot name its versions; the login fails closed.
 * {@link #error()} is {@link IoError#FLOW_NOT_PUBLISHED} (no active version, an unknown pinned
 * version, a called flow not published) or {@link IoError#NOT_CONFIGURED} (unusable permissions,
 * too many flows).
 */
public class FlowVersionException extends Exception {

    private final IoError error;

    private FlowVersionException(IoError error, String message) {
        super(message);
        this.error = error;
    }

    public static FlowVersionException notPublished(String message) {
        return new FlowVersionException(IoError.FLOW_NOT_PUBLISHED, message);
    }

    public static FlowVersionException notConfigured(String message) {
        return new FlowVersionException(IoError.NOT_CONFIGURED, message);
    }

    public IoError error() {
        return error;
    }
}
