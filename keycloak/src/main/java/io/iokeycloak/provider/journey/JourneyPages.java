package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.evidence.EvidenceError;
import io.iokeycloak.provider.evidence.EvidenceException;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

import java.net.URI;
import java.util.regex.Pattern;

/** Keycloak error pages for a journey that cannot continue; messages come from theme-resources. */
public final class JourneyPages {

    public static final String NOT_CONFIGURED = "ioNotConfigured";
    public static final String FLOW_NOT_PUBLISHED = "ioFlowNotPublished";
    public static final String BRIDGE_NOT_READY = "ioBridgeNotReady";
    public static final String NOTHING_TO_REVIEW = "ioNothingToReview";
    /** The info page's link attribute (Keycloak's {@code Constants.TEMPLATE_ATTR_ACTION_URI}). */
    private static final String ACTION_URI = "actionUri";
    public static final String ENDED_WITHOUT_SIGN_IN = "ioJourneyEndedWithoutSignIn";

    // The bridge's error code is shown to the user, so only a plain code is echoed.
    private static final Pattern DISPLAYABLE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private JourneyPages() {
    }

    public static Response notConfigured(LoginFormsProvider form) {
        return form.setError(NOT_CONFIGURED).createErrorPage(Response.Status.INTERNAL_SERVER_ERROR);
    }

    /** The flow the login should run is kept in Keycloak but has no version to run. */
    public static Response notPublished(LoginFormsProvider form) {
        return form.setError(FLOW_NOT_PUBLISHED).createErrorPage(Response.Status.INTERNAL_SERVER_ERROR);
    }

    /** The bridge cannot take the handoff now: a 503 page of the login theme, with a link that runs the step again. */
    public static Response bridgeNotReady(LoginFormsProvider form, URI retryUri) {
        return form.setAttribute(ACTION_URI, retryUri.toString()).setInfo(BRIDGE_NOT_READY)
                .setStatus(Response.Status.SERVICE_UNAVAILABLE).createInfoPage();
    }

    /** {@code kc_action=io-journey:<type>} names a type the realm's rules have nothing of to review. */
    public static Response nothingToReview(LoginFormsProvider form, String type) {
        return form.setError(NOTHING_TO_REVIEW, displayable(type)).createErrorPage(Response.Status.BAD_REQUEST);
    }

    /**
     * A journey before the user is known that succeeded without naming a user (e.g. a sign-up an
     * operator still has to approve): nobody can be signed in, and there is nothing more to do.
     */
    public static Response endedWithoutSignIn(LoginFormsProvider form) {
        return form.setInfo(ENDED_WITHOUT_SIGN_IN).createInfoPage();
    }

    /** The error page of a refusal: the message its {@link EvidenceError} names, with the status that fits. */
    public static Response rejected(LoginFormsProvider form, EvidenceException rejection) {
        String message = rejection.error().message();
        if (rejection.error() == EvidenceError.OUTCOME_FAILURE) {
            return form.setError(message, displayable(rejection.bridgeError())).createErrorPage(Response.Status.BAD_REQUEST);
        }
        if (rejection.error() == EvidenceError.INVALID_VALUE) {
            return form.setError(message, displayable(rejection.attribute())).createErrorPage(Response.Status.BAD_REQUEST);
        }
        if (rejection.error() == EvidenceError.JWKS_UNREACHABLE) {
            return form.setError(message).createErrorPage(Response.Status.SERVICE_UNAVAILABLE);
        }
        return form.setError(message).createErrorPage(Response.Status.BAD_REQUEST);
    }

    private static String displayable(String code) {
        return code != null && DISPLAYABLE_CODE.matcher(code).matches() ? code : "unknown";
    }
}
