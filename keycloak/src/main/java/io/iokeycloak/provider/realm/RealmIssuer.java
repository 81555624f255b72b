package io.iokeycloak.provider.realm;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;

/** The realm issuer URL, computed the same way Keycloak computes the {@code iss} of its own tokens. */
public final class RealmIssuer {

    private RealmIssuer() {
    }

    public static String of(KeycloakSession session, RealmModel realm) {
        return Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName());
    }
}
