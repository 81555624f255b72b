package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;

/**
 * An evidence token failed a check. Carries the stable {@link IoError}, the bridge's
 * correlation id when the claims could be read, and the bridge's own error code for a
 * non-success outcome.
 */
public class EvidenceException extends Exception {

    private final IoError error;
    private final String correlationId;
    private final String bridgeError;
    private final String attribute;

    public EvidenceException(IoError error, String detail) {
        this(error, detail, null, null);
    }

    public EvidenceException(IoError error, String detail, String correlationId, String bridgeError) {
        this(error, detail, correlationId, bridgeError, null);
    }

    /** @param attribute the user attribute whose value was refused ({@link IoError#INVALID_VALUE}) */
    public EvidenceException(IoError error, String detail, String correlationId, String bridgeError, String attribute) {
        super(error.code() + ": " + detail);
        this.error = error;
        this.correlationId = correlationId;
        this.bridgeError = bridgeError;
        this.attribute = attribute;
    }

    /** The attribute whose value Keycloak refused, or null. */
    public String attribute() {
        return attribute;
    }

    public IoError error() {
        return error;
    }

    public String code() {
        return error.code();
    }

    /** The evidence's {@code correlation_id}, or null when it was not (yet) readable. */
    public String correlationId() {
        return correlationId;
    }

    /** The evidence's {@code error} claim for outcome failure/cancelled, else null. */
    public String bridgeError() {
        return bridgeError;
    }
}
