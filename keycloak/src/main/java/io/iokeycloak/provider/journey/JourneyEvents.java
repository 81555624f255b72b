package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.OptionException;
import io.iokeycloak.provider.error.IoError;
import io.iokeycloak.provider.evidence.EvidenceException;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.FlowVersionException;
import io.iokeycloak.provider.runtime.VersionPlan;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.UserModel;

/**
 * Keycloak events for every step of a journey, tied to the bridge's audit trail by
 * {@code io_correlation_id}. Keycloak's event types are a closed enum, so handoffs and resumes are
 * {@code CUSTOM_REQUIRED_ACTION} events (saved by default, listed in the admin console's user
 * events) with detail {@code io_step}; refusals stay {@code LOGIN_ERROR} events whose error is the
 * stable evidence code.
 */
public final class JourneyEvents {

    public static final String CORRELATION_ID = "io_correlation_id";
    public static final String STEP = "io_step";
    public static final String TARGET = "io_target";
    /** The versions a handoff names, e.g. {@code signup@3,collect-phone@2}; absent for a legacy handoff. */
    public static final String FLOW_VERSIONS = "io_flow_versions";
    public static final String EVIDENCE = "io_evidence";
    public static final String REASON = "io_reason";
    public static final String BRIDGE_ERROR = "io_bridge_error";
    /** The credential type an enrollment created, on an {@code enrolled} event. */
    public static final String CREDENTIAL_TYPE = "io_credential_type";

    public static final String STEP_HANDOFF = "handoff";
    public static final String STEP_RESUME = "resume";
    public static final String STEP_FAILURE = "failure";
    public static final String STEP_REPLAY = "replay";
    public static final String STEP_ENROLLED = "enrolled";

    /** Value of Keycloak's {@code custom_required_action} detail on our events. */
    private static final String SOURCE = "io-journey";

    private JourneyEvents() {
    }

    public static void recordHandoff(EventBuilder event, UserModel user, JourneyTarget target, VersionPlan versions, String correlationId) {
        EventBuilder handoff = journeyEvent(event, user, STEP_HANDOFF, correlationId).detail(TARGET, target.describe());
        if (versions != null) {
            handoff.detail(FLOW_VERSIONS, String.join(",", versions.flowVersions().stream()
                    .map(ref -> ref.id() + "@" + ref.version()).toList()));
        }
        handoff.success();
    }

    /** A handoff that cannot name its versions: error {@code io_flow_not_published} or {@code invalid_config}. */
    public static void recordFlowVersionError(EventBuilder event, FlowVersionException unusable) {
        event.clone().detail(REASON, unusable.getMessage()).detail(STEP, STEP_FAILURE).error(unusable.error().code());
    }

    /** A resume event, plus the correlation id on the login's own event, which Keycloak sends when the login completes. */
    public static void recordRedeemed(EventBuilder event, UserModel user, VerifiedEvidence evidence) {
        journeyEvent(event, user, STEP_RESUME, evidence.correlationId())
                .detail(EVIDENCE, String.join(",", evidence.summary().types()))
                .success();
        event.detail(CORRELATION_ID, evidence.correlationId());
    }

    /** Keycloak holds the credential a journey's evidence asked it to enroll (after its own required action ran). */
    public static void recordEnrolled(EventBuilder event, UserModel user, String correlationId, String credentialType) {
        journeyEvent(event, user, STEP_ENROLLED, correlationId).detail(CREDENTIAL_TYPE, credentialType).success();
    }

    /** An error event whose error is the stable evidence code, e.g. {@code evidence_expired}; step replay or failure. */
    public static void recordRejected(EventBuilder event, UserModel user, EvidenceException rejection, String expectedCorrelationId) {
        String step = rejection.error() == IoError.EVIDENCE_REPLAYED ? STEP_REPLAY : STEP_FAILURE;
        EventBuilder rejected = event.clone().detail(REASON, rejection.getMessage()).detail(STEP, step);
        if (user != null) {
            rejected.user(user);
        }
        String correlationId = expectedCorrelationId != null ? expectedCorrelationId : rejection.correlationId();
        if (correlationId != null) {
            rejected.detail(CORRELATION_ID, correlationId);
        }
        if (rejection.bridgeError() != null) {
            rejected.detail(BRIDGE_ERROR, rejection.bridgeError());
        }
        rejected.error(rejection.code());
    }

    /** A login the bridge could not take (down or not ready): the user was asked to try again. */
    public static void recordBridgeNotReady(EventBuilder event, String reason) {
        event.clone().detail(REASON, reason).detail(STEP, STEP_FAILURE).error(IoError.BRIDGE_NOT_READY.code());
    }

    public static void recordNotConfigured(EventBuilder event, String problem) {
        event.clone().detail(REASON, problem).detail(STEP, STEP_FAILURE).error(IoError.NOT_CONFIGURED.code());
    }

    public static void recordNotConfigured(EventBuilder event, OptionException unusable) {
        recordNotConfigured(event, unusable.getMessage());
    }

    private static EventBuilder journeyEvent(EventBuilder event, UserModel user, String step, String correlationId) {
        EventBuilder journey = event.clone().event(EventType.CUSTOM_REQUIRED_ACTION)
                .detail(Details.CUSTOM_REQUIRED_ACTION, SOURCE)
                .detail(STEP, step)
                .detail(CORRELATION_ID, correlationId);
        if (user != null) {
            journey.user(user);
        }
        return journey;
    }
}
