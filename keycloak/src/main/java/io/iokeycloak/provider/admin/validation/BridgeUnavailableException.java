package io.iokeycloak.provider.admin.validation;

/** The bridge could not give a verdict (not configured, unreachable, refused the token, 5xx): nothing is published. */
public class BridgeUnavailableException extends Exception {

    public BridgeUnavailableException(String message) {
        super(message);
    }

    public BridgeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
