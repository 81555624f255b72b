package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.profile.ProfileCheck;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.userprofile.UserProfile;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * {@link ActionTarget} and {@link EvidenceSubject} backed by the realm: the declarative user
 * profile in the UPDATE_PROFILE context (what a user may edit about themselves), the realm's
 * required actions, the acr map, the user's email, required actions and credentials.
 * Keeps the validated profile so applying it never validates against a different state.
 */
public final class KeycloakActionTarget implements ActionTarget, EvidenceSubject {

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final UserModel user;
    private UserProfile validatedProfile;

    public KeycloakActionTarget(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user) {
        this.session = session;
        this.authSession = authSession;
        this.user = user;
    }

    @Override
    public List<AttributeProblem> validateAttributes(Map<String, List<String>> changes) {
        if (user == null) {
            return List.of(new AttributeProblem(changes.keySet().iterator().next(), "the login has no user yet"));
        }
        ProfileCheck.Result result = ProfileCheck.check(session, user, changes);
        validatedProfile = result.profile();
        return result.problems().stream().map(problem -> new AttributeProblem(problem.attribute(), problem.message())).toList();
    }

    @Override
    public boolean requiredActionEnabled(String alias) {
        RequiredActionProviderModel model = authSession.getRealm().getRequiredActionProviderByAlias(alias);
        return model != null && model.isEnabled();
    }

    @Override
    public Map<String, Integer> acrLoaMap() {
        return AcrUtils.getAcrLoaMap(authSession.getClient());
    }

    @Override
    public String email() {
        return user != null ? user.getEmail() : null;
    }

    @Override
    public boolean emailVerified() {
        return user != null && user.isEmailVerified();
    }

    @Override
    public Set<String> requiredActions() {
        Set<String> actions = new HashSet<>(authSession.getRequiredActions());
        if (user != null) {
            user.getRequiredActionsStream().forEach(actions::add);
        }
        return actions;
    }

    @Override
    public List<Long> credentialsCreatedAt(String type) {
        if (user == null) {
            return List.of();
        }
        // createdDate is milliseconds (Time.currentTimeMillis() when the credential was stored); null for imported ones.
        return user.credentialManager().getStoredCredentialsByTypeStream(type)
                .map(CredentialModel::getCreatedDate)
                .filter(Objects::nonNull)
                .toList();
    }

    /** The profile {@link #validateAttributes} accepted, or null when no attributes were validated. */
    UserProfile validatedProfile() {
        return validatedProfile;
    }
}
