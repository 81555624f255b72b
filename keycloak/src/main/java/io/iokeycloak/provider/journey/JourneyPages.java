package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.evidence.EvidenceError;
import io.iokeycloak.provider.evidence.EvidenceException;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

import java.util.regex.Pattern;

/** Keycloak error pages for a journey that cannot continue; messages come from theme-resources. */
public final class JourneyPages {

    public static final String NOT_CONFIGURED = "ioNotConfigured";
    public static final String EVIDENCE_REJECTED = "ioEvidenceRejected";
    public static final String JOURNEY_FAILED = "ioJourneyFailed";
    public static final String INVALID_VALUE = "ioEvidenceInvalidValue";
    public static final String BRIDGE_UNAVAILABLE = "ioBridgeUnavailable";

    // The bridge's error code is shown to the user, so only a plain code is echoed.
    private static final Pattern DISPLAYABLE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private JourneyPages() {
    }

    public static Response notConfigured(LoginFormsProvider form) {
        return form.setError(NOT_CONFIGURED).createErrorPage(Response.Status.INTERNAL_SERVER_ERROR);
    }

    public static Response rejected(LoginFormsProvider form, EvidenceException rejection) {
        if (rejection.error() == EvidenceError.OUTCOME_FAILURE) {
            String code = rejection.bridgeError();
            String shown = code != null && DISPLAYABLE_CODE.matcher(code).matches() ? code : "unknown";
            return form.setError(JOURNEY_FAILED, shown).createErrorPage(Response.Status.BAD_REQUEST);
        }
        if (rejection.error() == EvidenceError.INVALID_VALUE) {
            String attribute = rejection.attribute();
            String shown = attribute != null && DISPLAYABLE_CODE.matcher(attribute).matches() ? attribute : "unknown";
            return form.setError(INVALID_VALUE, shown).createErrorPage(Response.Status.BAD_REQUEST);
        }
        if (rejection.error() == EvidenceError.JWKS_UNREACHABLE) {
            return form.setError(BRIDGE_UNAVAILABLE).createErrorPage(Response.Status.SERVICE_UNAVAILABLE);
        }
        return form.setError(EVIDENCE_REJECTED).createErrorPage(Response.Status.BAD_REQUEST);
    }
}
