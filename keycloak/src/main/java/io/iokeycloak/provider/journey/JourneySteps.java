package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.error.IoError;
import io.iokeycloak.provider.evidence.EvidenceException;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.evidence.Redemption;
import io.iokeycloak.provider.grant.FlowPermissions;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.handoff.HandoffGrants;
import io.iokeycloak.provider.handoff.HandoffIssuer;
import io.iokeycloak.provider.realm.RealmIssuer;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.FlowVersionException;
import io.iokeycloak.provider.runtime.RuntimeSnapshot;
import io.iokeycloak.provider.runtime.RuntimeSnapshots;
import io.iokeycloak.provider.runtime.VersionPlan;
import io.iokeycloak.provider.runtime.VersionPlanner;
import io.iokeycloak.provider.session.IoAuthNotes;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URI;
import java.util.function.Consumer;

/** The two hops as the authenticator and the required action both run them, with their events and logs. */
public final class JourneySteps {

    private static final Logger LOG = Logger.getLogger(JourneySteps.class);

    private JourneySteps() {
    }

    /**
     * Hop 1: the page that posts the handoff to the bridge, recorded as a handoff event. When the
     * realm keeps the flow (or the obligations' flows) in Keycloak, the handoff names the versions
     * to run, chosen from this node's runtime snapshot; every handoff carries the realm's theme and
     * processor lists from the same snapshot; the grants come from the realm: the chosen
     * version's permissions, the flow's declared permissions ({@code io.flowPermissions}) for a flow
     * of the bridge's files, or the obligations'. When a kept flow has no active version or the
     * realm's permissions are invalid, the login fails closed.
     *
     * Before any of it, the bridge must be ready ({@link BridgeReadiness}): if it is not, the user
     * gets Keycloak's own page saying the step is unavailable for now, with a link to {@code retryUri}
     * (this step again), instead of a browser error on the bridge's address.
     *
     * @param retryUri  a GET that runs this step again
     * @param challenge answers the request with the handoff page (or the try-again page)
     * @param refuse    answers the request with the not-configured error page
     */
    public static void handOff(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                               IoJourneyOptions options, JourneyTarget target, URI returnUri, URI retryUri, EventBuilder event,
                               LoginFormsProvider form, Consumer<Response> challenge, Consumer<Response> refuse) {
        RealmModel realm = authSession.getRealm();
        BridgeReadiness.Probe readiness = BridgeReadiness.node().check(options);
        if (!readiness.ready()) {
            LOG.warnf("IO journey in realm %s: the bridge is not ready (%s); the user is asked to try again", realm.getName(), readiness.reason());
            JourneyEvents.recordBridgeNotReady(event, readiness.reason());
            challenge.accept(JourneyPages.bridgeNotReady(form, retryUri));
            return;
        }
        VersionPlan versions;
        // The node's snapshot at the realm's revision: no database query unless the revision changed.
        RuntimeSnapshot snapshot = RuntimeSnapshots.node().of(session, realm);
        try {
            versions = VersionPlanner.plan(snapshot, realm.getId(), target,
                    user != null ? user.getId() : authSession.getParentSession().getId());
        } catch (FlowVersionException unusable) {
            LOG.errorf("IO journey in realm %s for %s: %s", realm.getName(), target.describe(), unusable.getMessage());
            JourneyEvents.recordFlowVersionError(event, unusable);
            refuse.accept(JourneyPages.failed(form, unusable.error()));
            return;
        }
        Grants grants;
        try {
            grants = HandoffGrants.of(target, versions, realm.getAttribute(FlowPermissions.REALM_ATTRIBUTE));
        } catch (InvalidGrantsException invalid) {
            LOG.errorf("IO journey in realm %s: realm attribute %s is invalid, every journey fails until it is fixed: %s",
                    realm.getName(), FlowPermissions.REALM_ATTRIBUTE, invalid.getMessage());
            JourneyEvents.recordNotConfigured(event, invalid.getMessage());
            refuse.accept(JourneyPages.notConfigured(form));
            return;
        }
        HandoffIssuer.Handoff handoff = HandoffIssuer.handOff(session, authSession, user, options, target, versions, grants, returnUri,
                snapshot.settings());
        JourneyEvents.recordHandoff(event, user, target, versions, handoff.correlationId());
        challenge.accept(handoff.response());
    }

    /**
     * The bridge's error when the user declined a mandatory obligation (docs/obligations.md): the
     * journey ended as the user chose, not because something broke.
     */
    public static final String OBLIGATION_DECLINED = "obligation_declined";

    /**
     * Hop 2: redeems the posted evidence.
     *
     * @param user     the authentication session's user, or null before anyone is known
     * @param refuse   answers the request with the given error page (how depends on the caller)
     * @param declined ends the login when the user declined a mandatory obligation; null: {@code refuse} answers that too
     * @return the redemption, or null after {@code refuse} or {@code declined} was called
     */
    public static Redemption resume(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                    IoJourneyOptions options, String evidenceJwt, EventBuilder event,
                                    LoginFormsProvider form, Consumer<Response> refuse, Runnable declined) {
        String correlationId = authSession.getAuthNote(IoAuthNotes.CORRELATION_ID);
        try {
            Redemption redemption = EvidenceRedeemer.redeem(session, authSession, user, options, evidenceJwt);
            JourneyEvents.recordRedeemed(event, redemption.user(), redemption.evidence());
            return redemption;
        } catch (EvidenceException rejection) {
            AdminHints.log(LOG, authSession.getRealm().getName(), RealmIssuer.of(session, authSession.getRealm()),
                    options, rejection);
            JourneyEvents.recordRejected(event, user, rejection, correlationId);
            if (declined != null && rejection.error() == IoError.EVIDENCE_OUTCOME_FAILURE
                    && OBLIGATION_DECLINED.equals(rejection.bridgeError())) {
                declined.run();
            } else {
                refuse.accept(JourneyPages.rejected(form, rejection));
            }
            return null;
        }
    }
}
