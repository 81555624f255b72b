package io.iokeycloak.provider.evidence;

/** Why an evidence token was refused. The codes are stable: they appear in Keycloak events. */
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
    BINDING_MISMATCH("evidence_binding_mismatch"),
    REPLAYED("evidence_replayed"),
    OUTCOME_FAILURE("evidence_outcome_failure"),
    UNSUPPORTED_ACTION("evidence_unsupported_action"),
    BAD_ACTION("evidence_bad_action"),
    /** An action's value was refused by Keycloak (e.g. the user profile's validation); nothing was applied. */
    INVALID_VALUE("evidence_invalid_value"),
    /** The bridge JWKS could not be fetched: a configuration or availability problem, not the user's. */
    JWKS_UNREACHABLE("evidence_jwks_unreachable");

    private final String code;

    EvidenceError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
