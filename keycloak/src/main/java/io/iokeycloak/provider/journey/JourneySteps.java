package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.evidence.EvidenceException;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import io.iokeycloak.provider.handoff.HandoffIssuer;
import io.iokeycloak.provider.handoff.JourneyTarget;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URI;
import java.util.function.Consumer;

/** The two hops as the authenticator and the required action both run them, with their events and logs. */
public final class JourneySteps {

    private static final Logger LOG = Logger.getLogger(JourneySteps.class);

    private JourneySteps() {
    }

    /** Hop 1: the page that posts the handoff to the bridge, recorded as a handoff event. */
    public static Response handOff(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                   IoJourneyOptions options, JourneyTarget target, URI returnUri, EventBuilder event) {
        HandoffIssuer.Handoff handoff = HandoffIssuer.handOff(session, authSession, user, options, target, returnUri);
        JourneyEvents.recordHandoff(event, user, target, handoff.correlationId());
        return handoff.response();
    }

    /**
     * Hop 2: redeems the posted evidence.
     *
     * @param refuse answers the request with the given error page (how depends on the caller)
     * @return the evidence, or null after {@code refuse} was called
     */
    public static VerifiedEvidence resume(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                          IoJourneyOptions options, String evidenceJwt, EventBuilder event,
                                          LoginFormsProvider form, Consumer<Response> refuse) {
        String correlationId = authSession.getAuthNote(IoAuthNotes.CORRELATION_ID);
        try {
            VerifiedEvidence evidence = EvidenceRedeemer.redeem(session, authSession, user, options, evidenceJwt);
            JourneyEvents.recordRedeemed(event, user, evidence);
            return evidence;
        } catch (EvidenceException rejection) {
            AdminHints.log(LOG, authSession.getRealm().getName(), RealmIssuer.of(session, authSession.getRealm()),
                    options, rejection);
            JourneyEvents.recordRejected(event, user, rejection, correlationId);
            refuse.accept(JourneyPages.rejected(form, rejection));
            return null;
        }
    }
}
