package io.iokeycloak.provider.error;

/**
 * The provider's one catalogue of error codes. Each code is stable (it is the {@code error} of the
 * Keycloak event that records it; the evidence codes are also the contract's rule codes) and names
 * the message (theme-resources/messages) and HTTP status of the page the user sees.
 * {@code IoErrorTest} walks every entry: unique codes, a message in the bundle, documented in
 * docs/provider.md.
 */
public enum IoError {
    // Evidence refused: the bridge's answer cannot be applied to this login.
    EVIDENCE_MISSING("evidence_missing"),
    EVIDENCE_MALFORMED("evidence_malformed"),
    EVIDENCE_BAD_TYPE("evidence_bad_type"),
    EVIDENCE_BAD_ALGORITHM("evidence_bad_algorithm"),
    EVIDENCE_UNKNOWN_KEY("evidence_unknown_key"),
    EVIDENCE_BAD_SIGNATURE("evidence_bad_signature"),
    EVIDENCE_WRONG_ISSUER("evidence_wrong_issuer"),
    EVIDENCE_WRONG_AUDIENCE("evidence_wrong_audience"),
    EVIDENCE_EXPIRED("evidence_expired"),
    EVIDENCE_LIFETIME_TOO_LONG("evidence_lifetime_too_long"),
    /** iat in the future, or nbf not yet reached (contract rule {@code times}). */
    EVIDENCE_INVALID_TIMES("evidence_invalid_times"),
    EVIDENCE_BINDING_MISMATCH("evidence_binding_mismatch"),
    EVIDENCE_REPLAYED("evidence_replayed"),
    EVIDENCE_OUTCOME_FAILURE("evidence_outcome_failure", "ioJourneyFailed"),
    EVIDENCE_UNSUPPORTED_ACTION("evidence_unsupported_action"),
    EVIDENCE_BAD_ACTION("evidence_bad_action"),
    /** An action the handoff's grants do not cover (rule {@code granted}). */
    EVIDENCE_UNAUTHORIZED_ACTION("evidence_unauthorized_action", "ioEvidenceUnauthorized"),
    /** A required action removed without its proof holding in Keycloak (rule {@code required-action-proof}). */
    EVIDENCE_REQUIREMENT_UNMET("evidence_requirement_unmet", "ioEvidenceRequirementUnmet"),
    /** An amr value that is unregistered or unjustified, or raise_acr without a factor (rules {@code amr}, {@code acr-factor}). */
    EVIDENCE_UNPROVEN_FACTOR("evidence_unproven_factor", "ioEvidenceUnprovenFactor"),
    /** mark_email_verified without a code verified for the resulting address (rule {@code email-proof}). */
    EVIDENCE_UNPROVEN_EMAIL("evidence_unproven_email", "ioEvidenceUnprovenEmail"),
    /** sign_in_user of a user this journey did not create, or one who may not sign in (rule {@code created-by-journey}). */
    EVIDENCE_USER_NOT_CREATED_BY_JOURNEY("evidence_user_not_created_by_journey", "ioEvidenceUserNotCreated"),
    /** identify_user of an address no single enabled user of the realm has (rule {@code identify-known}). */
    EVIDENCE_USER_UNKNOWN("evidence_user_unknown", "ioEvidenceUserUnknown"),
    /** An action's value was refused by Keycloak (e.g. the user profile's validation); nothing was applied. */
    EVIDENCE_INVALID_VALUE("evidence_invalid_value", "ioEvidenceInvalidValue"),
    /** The bridge JWKS could not be fetched: a configuration or availability problem, not the user's. */
    EVIDENCE_JWKS_UNREACHABLE("evidence_jwks_unreachable", "ioBridgeUnavailable", 503),

    // Before the handoff: the login cannot be handed to the bridge.
    /** The step's or the realm's IO configuration is unusable (Keycloak's own event error {@code invalid_config}). */
    NOT_CONFIGURED("invalid_config", "ioNotConfigured", 500),
    /** The flow the login should run is kept in Keycloak but has no version to run. */
    FLOW_NOT_PUBLISHED("io_flow_not_published", "ioFlowNotPublished", 500),
    /** The bridge's readiness probe failed: an info page whose link runs the step again. */
    BRIDGE_NOT_READY("io_bridge_not_ready", "ioBridgeNotReady", 503),
    /** {@code kc_action=io-journey:<type>} names a type the realm's rules have nothing of to review. */
    NOTHING_TO_REVIEW("io_nothing_to_review", "ioNothingToReview", 400);

    private final String code;
    private final String message;
    private final int status;

    IoError(String code) {
        this(code, "ioEvidenceRejected");
    }

    IoError(String code, String message) {
        this(code, message, 400);
    }

    IoError(String code, String message, int status) {
        this.code = code;
        this.message = message;
        this.status = status;
    }

    public String code() {
        return code;
    }

    /** The key of the user message in the provider's message bundle. */
    public String message() {
        return message;
    }

    /** The HTTP status of the page that shows {@link #message()}. */
    public int status() {
        return status;
    }
}
