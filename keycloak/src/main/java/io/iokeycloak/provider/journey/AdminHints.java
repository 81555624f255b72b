package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.evidence.EvidenceException;
import org.jboss.logging.Logger;

/**
 * One log line per refused evidence. Refusals that point at configuration (issuer, audience,
 * keys) are ERRORs naming the option and URL to check; the rest are WARNs (a user or an attacker
 * did something, the setup is fine).
 */
public final class AdminHints {

    private AdminHints() {
    }

    public static void log(Logger log, String realm, String realmIssuer, IoJourneyOptions options, EvidenceException rejection) {
        String hint = hint(realmIssuer, options, rejection);
        if (hint != null) {
            log.errorf("IO evidence refused in realm %s: %s. Configuration: %s", realm, rejection.getMessage(), hint);
        } else {
            log.warnf("IO evidence refused in realm %s: %s", realm, rejection.getMessage());
        }
    }

    /** The configuration to check for this refusal, or null when it is not a configuration problem. */
    static String hint(String realmIssuer, IoJourneyOptions options, EvidenceException rejection) {
        switch (rejection.error()) {
            case EVIDENCE_WRONG_ISSUER:
                return "option bridgeIssuer is '" + options.bridgeIssuer() + "'; it must equal the bridge's IO_PUBLIC_URL";
            case EVIDENCE_WRONG_AUDIENCE:
                return "the evidence aud must be this realm's issuer '" + realmIssuer
                        + "'; check the bridge's IO_TRUSTED_ISSUERS and Keycloak's hostname";
            case EVIDENCE_UNKNOWN_KEY:
                return "option bridgeJwksUrl is '" + options.bridgeJwksUrl()
                        + "'; the signing key is not published there (wrong URL, or a new bridge key used before it was published)";
            case EVIDENCE_JWKS_UNREACHABLE:
                return "option bridgeJwksUrl '" + options.bridgeJwksUrl() + "' could not be fetched";
            default:
                return null;
        }
    }
}
