package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.error.IoError;
import io.iokeycloak.provider.evidence.EvidenceException;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Keycloak pages for a journey that cannot continue: each shows the message and status its
 * {@link IoError} names (messages in theme-resources).
 */
public final class JourneyPages {

    /** The info page's link attribute (Keycloak's {@code Constants.TEMPLATE_ATTR_ACTION_URI}). */
    private static final String ACTION_URI = "actionUri";
    public static final String ENDED_WITHOUT_SIGN_IN = "ioJourneyEndedWithoutSignIn";

    // The bridge's error code is shown to the user, so only a plain code is echoed.
    private static final Pattern DISPLAYABLE_CODE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private JourneyPages() {
    }

    /** The error page of {@code error}: its message with its status. */
    public static Response failed(LoginFormsProvider form, IoError error) {
        return form.setError(error.message()).createErrorPage(Response.Status.fromStatusCode(error.status()));
    }

    public static Response notConfigured(LoginFormsProvider form) {
        return failed(form, IoError.NOT_CONFIGURED);
    }

    /** The bridge cannot take the handoff now: a 503 page of the login theme, with a link that runs the step again. */
    public static Response bridgeNotReady(LoginFormsProvider form, URI retryUri) {
        IoError error = IoError.BRIDGE_NOT_READY;
        return form.setAttribute(ACTION_URI, retryUri.toString()).setInfo(error.message())
                .setStatus(Response.Status.fromStatusCode(error.status())).createInfoPage();
    }

    /** {@code kc_action=io-journey:<type>} names a type the realm's rules have nothing of to review. */
    public static Response nothingToReview(LoginFormsProvider form, String type) {
        IoError error = IoError.NOTHING_TO_REVIEW;
        return form.setError(error.message(), displayable(type)).createErrorPage(Response.Status.fromStatusCode(error.status()));
    }

    /**
     * A journey before the user is known that succeeded without naming a user (e.g. a sign-up an
     * operator still has to approve): nobody can be signed in, and there is nothing more to do.
     */
    public static Response endedWithoutSignIn(LoginFormsProvider form) {
        return form.setInfo(ENDED_WITHOUT_SIGN_IN).createInfoPage();
    }

    /** The error page of a refusal: its message, with the bridge's code or the refused attribute where the message takes one. */
    public static Response rejected(LoginFormsProvider form, EvidenceException rejection) {
        IoError error = rejection.error();
        Response.Status status = Response.Status.fromStatusCode(error.status());
        if (error == IoError.EVIDENCE_OUTCOME_FAILURE) {
            return form.setError(error.message(), displayable(rejection.bridgeError())).createErrorPage(status);
        }
        if (error == IoError.EVIDENCE_INVALID_VALUE) {
            return form.setError(error.message(), displayable(rejection.attribute())).createErrorPage(status);
        }
        return failed(form, error);
    }

    private static String displayable(String code) {
        return code != null && DISPLAYABLE_CODE.matcher(code).matches() ? code : "unknown";
    }
}
