package io.iokeycloak.provider.evidence;

/** The bridge's keys could not be loaded at all (JWKS unreachable or unreadable), as opposed to an unknown kid. */
public class KeySourceUnavailableException extends RuntimeException {

    public KeySourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
