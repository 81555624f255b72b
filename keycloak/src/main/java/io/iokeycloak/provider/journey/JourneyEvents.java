package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.MissingOptionException;
import io.iokeycloak.provider.evidence.EvidenceException;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.UserModel;

/** Event details that tie Keycloak's events to the bridge's audit trail. */
public final class JourneyEvents {

    public static final String CORRELATION_ID = "io_correlation_id";
    public static final String REASON = "io_reason";
    public static final String BRIDGE_ERROR = "io_bridge_error";

    private JourneyEvents() {
    }

    /** Adds the correlation id to the login's own event, which Keycloak sends when the login completes. */
    public static void recordRedeemed(EventBuilder event, VerifiedEvidence evidence) {
        event.detail(CORRELATION_ID, evidence.correlationId());
    }

    /** Sends an error event whose error is the stable evidence code, e.g. {@code evidence_expired}. */
    public static void recordRejected(EventBuilder event, UserModel user, EvidenceException rejection) {
        EventBuilder rejected = event.clone().detail(REASON, rejection.getMessage());
        if (user != null) {
            rejected.user(user);
        }
        if (rejection.correlationId() != null) {
            rejected.detail(CORRELATION_ID, rejection.correlationId());
        }
        if (rejection.bridgeError() != null) {
            rejected.detail(BRIDGE_ERROR, rejection.bridgeError());
        }
        rejected.error(rejection.code());
    }

    public static void recordNotConfigured(EventBuilder event, MissingOptionException missing) {
        event.clone().detail(REASON, missing.getMessage()).error(Errors.INVALID_CONFIG);
    }
}
