package io.iokeycloak.provider.requiredaction;

import io.iokeycloak.provider.config.ClientToggles;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.config.BridgeTransport;
import io.iokeycloak.provider.config.InsecureUrlException;
import io.iokeycloak.provider.config.MissingOptionException;
import io.iokeycloak.provider.config.OptionException;
import io.iokeycloak.provider.enrollment.EnrollmentWatch;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.evidence.Redemption;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.session.IoAuthNotes;
import io.iokeycloak.provider.journey.JourneyEvents;
import io.iokeycloak.provider.journey.JourneyPages;
import io.iokeycloak.provider.journey.JourneySteps;
import io.iokeycloak.provider.obligation.InvalidRulesException;
import io.iokeycloak.provider.obligation.KeycloakUserFacts;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.obligation.ObligationRules;
import io.iokeycloak.provider.obligation.ObligationSkips;
import org.jboss.logging.Logger;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.common.util.Time;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.time.Instant;
import java.util.List;

/**
 * Required action {@code io-journey}. At every login ({@link #evaluateTriggers}) it evaluates the
 * realm's obligation rules and, when the user owes any, adds itself to the authentication
 * session (not the user, so the next login decides afresh) and hands off with
 * {@code obligations}. A user an admin marks with {@code io-journey} runs the configured
 * {@code flow} when no obligation is owed. Options are server-wide SPI options.
 *
 * <p>Applications (and the account console) may start it as an application-initiated action:
 * {@code kc_action=io-journey:<obligation type>} lets the signed-in user review the obligations of
 * that type ({@link ObligationRules#review}), e.g. change their consent decisions.
 */
public class IoJourneyRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(IoJourneyRequiredAction.class);
    /** OAuth 2.0 Multiple Response Types: the client wants no code and no token. */
    private static final String NO_RESPONSE = "none";

    /** Null when an option is missing; kept so every challenge can name it. */
    private final IoJourneyOptions options;
    private final MissingOptionException missingOption;

    IoJourneyRequiredAction(IoJourneyOptions options, MissingOptionException missingOption) {
        this.options = options;
        this.missingOption = missingOption;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        // Runs again after every required action: the one that enrolls a credential the journey asked for has just finished.
        EnrollmentWatch.check(authSession, context.getUser(), context.getEvent());
        if (authSession.getAuthNote(IoAuthNotes.OBLIGATIONS_DONE) != null || !obligationsApply(context)) {
            return;
        }
        try {
            if (!owed(context).isEmpty()) {
                authSession.addRequiredAction(IoJourneyRequiredActionFactory.PROVIDER_ID);
            }
        } catch (InvalidRulesException invalid) {
            // Fail closed: the challenge shows the not-configured page rather than skipping the policy.
            authSession.addRequiredAction(IoJourneyRequiredActionFactory.PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (failedClosed(context)) {
            return;
        }
        String review = reviewRequested(context.getAuthenticationSession());
        List<Obligation> obligations;
        try {
            if (review != null) {
                obligations = rules(context).review(review, facts(context));
            } else {
                boolean due = context.getAuthenticationSession().getAuthNote(IoAuthNotes.OBLIGATIONS_DONE) == null
                        && obligationsApply(context);
                obligations = due ? owed(context) : List.of();
            }
        } catch (InvalidRulesException invalid) {
            LOG.errorf("IO obligations in realm %s: realm attribute %s is invalid: %s", context.getRealm().getName(),
                    ObligationRules.REALM_ATTRIBUTE, invalid.getMessage());
            JourneyEvents.recordNotConfigured(context.getEvent(), ObligationRules.REALM_ATTRIBUTE + ": " + invalid.getMessage());
            context.challenge(JourneyPages.notConfigured(context.form()));
            return;
        }
        if (review != null && obligations.isEmpty()) {
            context.challenge(JourneyPages.nothingToReview(context.form(), review));
            return;
        }
        if (review == null && !obligations.isEmpty()) {
            context.getAuthenticationSession().setAuthNote(ObligationSkips.HANDED_OFF, ObligationSkips.note(obligations));
        }
        JourneyTarget target;
        if (!obligations.isEmpty()) {
            target = JourneyTarget.obligations(obligations);
        } else if (options.flow() != null) {
            target = JourneyTarget.flow(options.flow());
        } else {
            // Nothing owed and no flow to run for an explicitly assigned action: nothing to do.
            context.success();
            return;
        }
        JourneySteps.handOff(context.getSession(), context.getAuthenticationSession(), context.getUser(),
                options, target, context.getActionUrl(context.generateCode()), context.getActionUrl(), context.getEvent(), context.form(),
                context::challenge, context::challenge);
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (failedClosed(context)) {
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String evidenceJwt = context.getHttpRequest().getDecodedFormParameters().getFirst(EvidenceRedeemer.FORM_FIELD);
        String handedOff = authSession.getAuthNote(ObligationSkips.HANDED_OFF);
        authSession.removeAuthNote(ObligationSkips.HANDED_OFF);
        long redeemedAt = Time.currentTimeMillis();
        // A refusal keeps the user on Keycloak's error page (a challenge) instead of bouncing them to
        // the client with a bare access_denied. A mandatory obligation the user declined is their
        // own choice: failure() sends the client the OIDC error access_denied, as Keycloak's own
        // terms-and-conditions action does; the journey's last screen said why.
        Redemption redemption = JourneySteps.resume(context.getSession(), authSession, context.getUser(), options,
                evidenceJwt, context.getEvent(), context.form(), context::challenge, context::failure);
        if (redemption != null) {
            VerifiedEvidence evidence = redemption.evidence();
            ObligationSkips.record(context.getUser(), handedOff, evidence.entries(), Instant.ofEpochMilli(redeemedAt));
            EnrollmentWatch.watch(authSession, evidence, redeemedAt);
            authSession.setAuthNote(IoAuthNotes.OBLIGATIONS_DONE, "true");
            if (reviewRequested(authSession) != null && NO_RESPONSE.equals(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM))) {
                // The client asked for nothing back (a link, e.g. the account console's): Keycloak's own
                // "account updated" page with a link to its redirect URI, as for actions sent by email.
                authSession.setAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS, "true");
                authSession.setAuthNote(AuthenticationManager.SET_REDIRECT_URI_AFTER_REQUIRED_ACTIONS, "true");
            }
            context.success();
        }
    }

    /**
     * The obligation type of an application-initiated {@code kc_action=io-journey:<type>}, which
     * Keycloak keeps in client notes; null when this is no such action or it names no type.
     */
    private static String reviewRequested(AuthenticationSessionModel authSession) {
        if (!IoJourneyRequiredActionFactory.PROVIDER_ID.equals(authSession.getClientNote(Constants.KC_ACTION_EXECUTING))) {
            return null;
        }
        String type = authSession.getClientNote(Constants.KC_ACTION_PARAMETER);
        return type != null && ObligationRules.TYPE.matcher(type).matches() ? type : null;
    }

    /** Obligations are evaluated for IO-enabled clients, or for every client when the realm says so. */
    private static boolean obligationsApply(RequiredActionContext context) {
        RealmModel realm = context.getRealm();
        if (ObligationRules.ALL_CLIENTS.equals(realm.getAttribute(ObligationRules.SCOPE_ATTRIBUTE))) {
            return true;
        }
        return ClientToggles.of(context.getAuthenticationSession().getClient()::getAttribute).enabled();
    }

    private static List<Obligation> owed(RequiredActionContext context) throws InvalidRulesException {
        return rules(context).evaluate(facts(context), Instant.ofEpochSecond(Time.currentTimeSeconds()));
    }

    private static ObligationRules rules(RequiredActionContext context) throws InvalidRulesException {
        return ObligationRules.parse(context.getRealm().getAttribute(ObligationRules.REALM_ATTRIBUTE));
    }

    private static KeycloakUserFacts facts(RequiredActionContext context) {
        return new KeycloakUserFacts(context.getSession(), context.getUser(), context.getAuthenticationSession().getClient());
    }

    /** Fails the login closed when an option is missing, or a bridge URL is plain http where the realm does not allow it. */
    private boolean failedClosed(RequiredActionContext context) {
        OptionException unusable = missingOption;
        if (unusable == null) {
            try {
                BridgeTransport.requireSecure(options, context.getRealm().getSslRequired());
                return false;
            } catch (InsecureUrlException insecure) {
                unusable = insecure;
            }
        }
        LOG.errorf("IO journey required action in realm %s: %s (set --spi-required-action--%s--%s)",
                context.getRealm().getName(), unusable.getMessage(),
                IoJourneyRequiredActionFactory.PROVIDER_ID, IoJourneyRequiredActionFactory.toDashCase(unusable.option()));
        JourneyEvents.recordNotConfigured(context.getEvent(), unusable);
        context.challenge(JourneyPages.notConfigured(context.form()));
        return true;
    }

    @Override
    public void close() {
    }
}
