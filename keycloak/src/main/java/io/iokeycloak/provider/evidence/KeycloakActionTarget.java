package io.iokeycloak.provider.evidence;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.userprofile.Attributes;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.ArrayList;
import java.util.HashMap;
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
        UserProfileProvider profiles = session.getProvider(UserProfileProvider.class);
        Attributes current = profiles.create(UserProfileContext.UPDATE_PROFILE, user).getAttributes();
        List<AttributeProblem> problems = new ArrayList<>();
        for (String name : changes.keySet()) {
            if (!current.contains(name) || current.isReadOnly(name)) {
                problems.add(new AttributeProblem(name, "not a user-editable attribute of the realm's user profile"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        // The whole profile as the user would submit it on Keycloak's own update-profile form.
        Map<String, List<String>> submitted = new HashMap<>(current.getReadable());
        submitted.putAll(changes);
        UserProfile profile = profiles.create(UserProfileContext.UPDATE_PROFILE, submitted, user);
        try {
            profile.validate();
        } catch (ValidationException refused) {
            for (ValidationException.Error error : refused.getErrors()) {
                problems.add(new AttributeProblem(error.getAttribute(), error.getMessage()));
            }
            return problems;
        }
        validatedProfile = profile;
        return List.of();
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
