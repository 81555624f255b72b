package io.iokeycloak.provider.requiredaction;

import io.iokeycloak.provider.config.ClientToggles;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.config.BridgeTransport;
import io.iokeycloak.provider.config.InsecureUrlException;
import io.iokeycloak.provider.config.MissingOptionException;
import io.iokeycloak.provider.config.OptionException;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.handoff.JourneyTarget;
import io.iokeycloak.provider.journey.IoAuthNotes;
import io.iokeycloak.provider.journey.JourneyEvents;
import io.iokeycloak.provider.journey.JourneyPages;
import io.iokeycloak.provider.journey.JourneySteps;
import io.iokeycloak.provider.obligation.InvalidRulesException;
import io.iokeycloak.provider.obligation.KeycloakUserFacts;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.obligation.ObligationRules;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;

/**
 * Required action {@code io-journey}. At every login ({@link #evaluateTriggers}) it evaluates the
 * realm's obligation rules and, when the user owes any, adds itself to the authentication
 * session (not the user, so the next login decides afresh) and hands off with
 * {@code obligations}. A user an admin marks with {@code io-journey} runs the configured
 * {@code flow} when no obligation is owed. Options are server-wide SPI options.
 */
public class IoJourneyRequiredAction implements RequiredActionProvider {

    private static final Logger LOG = Logger.getLogger(IoJourneyRequiredAction.class);

    /** Null when an option is missing; kept so every challenge can name it. */
    private final IoJourneyOptions options;
    private final MissingOptionException missingOption;

    IoJourneyRequiredAction(IoJourneyOptions options, MissingOptionException missingOption) {
        this.options = options;
        this.missingOption = missingOption;
    }

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
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
        List<Obligation> obligations;
        try {
            boolean due = context.getAuthenticationSession().getAuthNote(IoAuthNotes.OBLIGATIONS_DONE) == null
                    && obligationsApply(context);
            obligations = due ? owed(context) : List.of();
        } catch (InvalidRulesException invalid) {
            LOG.errorf("IO obligations in realm %s: realm attribute %s is invalid: %s", context.getRealm().getName(),
                    ObligationRules.REALM_ATTRIBUTE, invalid.getMessage());
            JourneyEvents.recordNotConfigured(context.getEvent(), ObligationRules.REALM_ATTRIBUTE + ": " + invalid.getMessage());
            context.challenge(JourneyPages.notConfigured(context.form()));
            return;
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
        String evidenceJwt = context.getHttpRequest().getDecodedFormParameters().getFirst(EvidenceRedeemer.FORM_FIELD);
        // A challenge (not failure()) keeps the user on Keycloak's error page instead of
        // bouncing them to the client with a bare access_denied.
        if (JourneySteps.resume(context.getSession(), context.getAuthenticationSession(), context.getUser(), options,
                evidenceJwt, context.getEvent(), context.form(), context::challenge) != null) {
            context.getAuthenticationSession().setAuthNote(IoAuthNotes.OBLIGATIONS_DONE, "true");
            context.success();
        }
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
        ObligationRules rules = ObligationRules.parse(context.getRealm().getAttribute(ObligationRules.REALM_ATTRIBUTE));
        return rules.evaluate(new KeycloakUserFacts(context.getSession(), context.getUser()));
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
