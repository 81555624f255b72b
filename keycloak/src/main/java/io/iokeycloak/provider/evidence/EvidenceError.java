package io.iokeycloak.provider.evidence;

/**
 * Why an evidence token was refused: the provider's one catalogue of error codes. The codes are
 * stable (they appear in Keycloak events and match the contract's rule codes); each names the
 * message (theme-resources/messages) its error page shows.
 */
public enum EvidenceError {
    MISSING("evidence_missing"),
    MALFORMED("evidence_malformed"),
    BAD_TYPE("evidence_bad_type"),
    BAD_ALGORITHM("evidence_bad_algorithm"),
    UNKNOWN_KEY("evidence_unknown_key"),
    BAD_SIGNATURE("evidence_bad_signature"),
    WRONG_ISSUER("evidence_wrong_issuer"),
    WRONG_AUDIENCE("evidence_wrong_audience"),
    EXPIRED("evidence_expired"),
    LIFETIME_TOO_LONG("evidence_lifetime_too_long"),
    /** iat in the future, or nbf not yet reached (contract rule {@code times}). */
    INVALID_TIMES("evidence_invalid_times"),
    BINDING_MISMATCH("evidence_binding_mismatch"),
    REPLAYED("evidence_replayed"),
    OUTCOME_FAILURE("evidence_outcome_failure", "ioJourneyFailed"),
    UNSUPPORTED_ACTION("evidence_unsupported_action"),
    BAD_ACTION("evidence_bad_action"),
    /** An action the handoff's grants do not cover (rule {@code granted}). */
    UNAUTHORIZED_ACTION("evidence_unauthorized_action", "ioEvidenceUnauthorized"),
    /** A required action removed without its proof holding in Keycloak (rule {@code required-action-proof}). */
    REQUIREMENT_UNMET("evidence_requirement_unmet", "ioEvidenceRequirementUnmet"),
    /** An amr value that is unregistered or unjustified, or raise_acr without a factor (rules {@code amr}, {@code acr-factor}). */
    UNPROVEN_FACTOR("evidence_unproven_factor", "ioEvidenceUnprovenFactor"),
    /** mark_email_verified without a code verified for the resulting address (rule {@code email-proof}). */
    UNPROVEN_EMAIL("evidence_unproven_email", "ioEvidenceUnprovenEmail"),
    /** sign_in_user of a user this journey did not create, or one who may not sign in (rule {@code created-by-journey}). */
    USER_NOT_CREATED_BY_JOURNEY("evidence_user_not_created_by_journey", "ioEvidenceUserNotCreated"),
    /** identify_user of an address no single enabled user of the realm has (rule {@code identify-known}). */
    USER_UNKNOWN("evidence_user_unknown", "ioEvidenceUserUnknown"),
    /** An action's value was refused by Keycloak (e.g. the user profile's validation); nothing was applied. */
    INVALID_VALUE("evidence_invalid_value", "ioEvidenceInvalidValue"),
    /** The bridge JWKS could not be fetched: a configuration or availability problem, not the user's. */
    JWKS_UNREACHABLE("evidence_jwks_unreachable", "ioBridgeUnavailable");

    private final String code;
    private final String message;

    EvidenceError(String code) {
        this(code, "ioEvidenceRejected");
    }

    EvidenceError(String code, String message) {
        this.code = code;
        this.message = message;
    }

    public String code() {
        return code;
    }

    /** The key of the user message in the provider's message bundle. */
    public String message() {
        return message;
    }
}
