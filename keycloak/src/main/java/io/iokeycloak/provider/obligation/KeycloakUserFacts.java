package io.iokeycloak.provider.obligation;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;

import java.util.ArrayList;
import java.util.List;

/** {@link UserFacts} of a Keycloak user; the user profile is read lazily, only when a rule asks. */
public final class KeycloakUserFacts implements UserFacts {

    private final KeycloakSession session;
    private final UserModel user;
    private final ClientModel client;

    public KeycloakUserFacts(KeycloakSession session, UserModel user, ClientModel client) {
        this.session = session;
        this.user = user;
        this.client = client;
    }

    @Override
    public String clientId() {
        return client != null ? client.getClientId() : null;
    }

    @Override
    public List<String> attribute(String name) {
        return user.getAttributeStream(name).toList();
    }

    @Override
    public boolean emailVerified() {
        return user.isEmailVerified();
    }

    @Override
    public boolean hasCredential(String type) {
        return user.credentialManager().getStoredCredentialsByTypeStream(type).findAny().isPresent();
    }

    @Override
    public List<String> profileRequiredMissing() {
        // UPDATE_PROFILE: what the user could fill in themselves; "required" honours the profile's scopes and roles.
        Attributes attributes = session.getProvider(UserProfileProvider.class)
                .create(UserProfileContext.UPDATE_PROFILE, user).getAttributes();
        List<String> missing = new ArrayList<>();
        for (String name : attributes.nameSet()) {
            if (attributes.isRequired(name) && !attributes.isReadOnly(name) && UserFacts.isEmpty(attributes.get(name))) {
                missing.add(name);
            }
        }
        return missing;
    }
}
