package io.iokeycloak.provider.authenticator;

import io.iokeycloak.provider.config.ClientToggles;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.config.BridgeTransport;
import io.iokeycloak.provider.config.OptionException;
import io.iokeycloak.provider.evidence.EvidenceRedeemer;
import io.iokeycloak.provider.evidence.Redemption;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.journey.JourneyEvents;
import io.iokeycloak.provider.journey.JourneyPages;
import io.iokeycloak.provider.journey.JourneySteps;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Map;

/** Flow execution: hands the login to the IO bridge, then redeems the evidence it posts back. */
public class IoJourneyAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(IoJourneyAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        IoJourneyOptions options = options(context);
        if (options == null) {
            return;
        }
        JourneySteps.handOff(context.getSession(), context.getAuthenticationSession(), context.getUser(),
                options, JourneyTarget.flow(options.flow()), context.getActionUrl(context.generateAccessCode()),
                context.getRefreshExecutionUrl(), context.getEvent(), context.form(), context::challenge,
                page -> context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR, page));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        IoJourneyOptions options = options(context);
        if (options == null) {
            return;
        }
        String evidenceJwt = context.getHttpRequest().getDecodedFormParameters().getFirst(EvidenceRedeemer.FORM_FIELD);
        Redemption redemption = JourneySteps.resume(context.getSession(), context.getAuthenticationSession(),
                context.getUser(), options, evidenceJwt, context.getEvent(), context.form(),
                page -> context.failureChallenge(AuthenticationFlowError.ACCESS_DENIED, page), null);
        if (redemption == null) {
            return;
        }
        if (redemption.identified()) {
            // Protocol 1.4: the user the journey created or identified, checked by the evidence rules.
            context.setUser(redemption.user());
        } else if (context.getUser() == null) {
            // Protocol 1.4: a journey before the user is known that named nobody signs nobody in.
            context.challenge(JourneyPages.endedWithoutSignIn(context.form()));
            return;
        }
        context.success();
    }

    /**
     * The execution's options with the client's {@code io.flow} in front of the execution's
     * {@code flow} in the sign-in (not in registration or reset-credentials), or null after failing
     * the login closed because one is missing or insecure.
     */
    private static IoJourneyOptions options(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> values = config != null && config.getConfig() != null ? config.getConfig() : Map.of();
        ClientToggles client = ClientToggles.of(context.getFlowPath(), context.getAuthenticationSession().getClient()::getAttribute);
        try {
            IoJourneyOptions options = IoJourneyOptions.resolve(client.overriding(values::get));
            BridgeTransport.requireSecure(options, context.getRealm().getSslRequired());
            return options;
        } catch (OptionException unusable) {
            LOG.errorf("IO journey authenticator in realm %s, flow execution %s, client %s: %s (set it in the execution's config%s)",
                    context.getRealm().getName(), context.getExecution().getId(),
                    context.getAuthenticationSession().getClient().getClientId(), unusable.getMessage(),
                    IoJourneyOptions.FLOW.equals(unusable.option()) ? " or the client attribute " + ClientToggles.FLOW : "");
            JourneyEvents.recordNotConfigured(context.getEvent(), unusable);
            context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR, JourneyPages.notConfigured(context.form()));
            return null;
        }
    }

    /**
     * Protocol 1.4: the journey may run before the user is known (first in a browser flow, as the
     * registration flow, in the reset-credentials flow); its evidence may then name the user.
     */
    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // The journey runs inside the flow; nothing for the user to set up.
    }

    @Override
    public void close() {
    }
}
