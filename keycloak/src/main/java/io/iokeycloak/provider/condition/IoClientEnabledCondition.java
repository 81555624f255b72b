package io.iokeycloak.provider.condition;

import io.iokeycloak.provider.config.ClientToggles;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.conditional.ConditionalAuthenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** True when the login's client has {@code io.enabled=true}: one browser flow serves clients with and without IO. */
public final class IoClientEnabledCondition implements ConditionalAuthenticator {

    static final IoClientEnabledCondition SINGLETON = new IoClientEnabledCondition();

    @Override
    public boolean matchCondition(AuthenticationFlowContext context) {
        return ClientToggles.of(context.getAuthenticationSession().getClient()::getAttribute).enabled();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        // A condition never shows a form.
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
