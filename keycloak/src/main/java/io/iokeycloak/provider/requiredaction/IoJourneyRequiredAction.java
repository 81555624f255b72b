package io.iokeycloak.provider.requiredaction;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.config.MissingOptionException;
import io.iokeycloak.provider.evidence.EvidenceException;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import io.iokeycloak.provider.handoff.HandoffIssuer;
import io.iokeycloak.provider.journey.JourneyEvents;
import io.iokeycloak.provider.journey.JourneyPages;
import org.jboss.logging.Logger;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;

/**
 * Required action: the same two hops as the authenticator, for users an admin (or another
 * component) marks with {@code io-journey}. Options are server-wide SPI options.
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
        // Assigned explicitly; never triggered by itself.
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (failedClosed(context)) {
            return;
        }
        context.challenge(HandoffIssuer.redirectToBridge(context.getSession(), context.getAuthenticationSession(),
                context.getUser(), options, context.getActionUrl(context.generateCode())));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (failedClosed(context)) {
            return;
        }
        String evidenceJwt = context.getHttpRequest().getDecodedFormParameters().getFirst(EvidenceRedeemer.FORM_FIELD);
        try {
            VerifiedEvidence evidence = EvidenceRedeemer.redeem(context.getSession(), context.getAuthenticationSession(),
                    context.getUser(), options, evidenceJwt);
            JourneyEvents.recordRedeemed(context.getEvent(), evidence);
            context.success();
        } catch (EvidenceException rejection) {
            LOG.warnf("IO evidence rejected in realm %s: %s", context.getRealm().getName(), rejection.getMessage());
            JourneyEvents.recordRejected(context.getEvent(), context.getUser(), rejection);
            // A challenge (not failure()) keeps the user on Keycloak's error page instead of
            // bouncing them to the client with a bare access_denied.
            context.challenge(JourneyPages.rejected(context.form(), rejection));
        }
    }

    private boolean failedClosed(RequiredActionContext context) {
        if (missingOption == null) {
            return false;
        }
        LOG.errorf("IO journey required action in realm %s: %s (set --spi-required-action--%s--%s)",
                context.getRealm().getName(), missingOption.getMessage(),
                IoJourneyRequiredActionFactory.PROVIDER_ID, IoJourneyRequiredActionFactory.toDashCase(missingOption.option()));
        JourneyEvents.recordNotConfigured(context.getEvent(), missingOption);
        context.challenge(JourneyPages.notConfigured(context.form()));
        return true;
    }

    @Override
    public void close() {
    }
}
