package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.contract.EvidenceContract;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link LoginUsers} backed by the realm of the authentication session. Lookups go through
 * Keycloak's user provider with the session's realm, which finds users of that realm only (local
 * and federated); service accounts are never candidates.
 */
public final class KeycloakLoginUsers implements LoginUsers {

    private final KeycloakSession session;
    private final AuthenticationSessionModel authSession;
    private final UserModel sessionUser;

    public KeycloakLoginUsers(KeycloakSession session, AuthenticationSessionModel authSession, UserModel sessionUser) {
        this.session = session;
        this.authSession = authSession;
        this.sessionUser = sessionUser;
    }

    @Override
    public boolean sessionHasUser() {
        return sessionUser != null;
    }

    @Override
    public EvidenceSubject sessionSubject() {
        return new KeycloakActionTarget(session, authSession, sessionUser);
    }

    @Override
    public Optional<RealmUser> byId(String id) {
        return Optional.ofNullable(session.users().getUserById(authSession.getRealm(), id)).filter(KeycloakLoginUsers::person).map(this::view);
    }

    @Override
    public List<RealmUser> byEmail(String email) {
        return session.users().searchForUserStream(authSession.getRealm(), Map.of(UserModel.EMAIL, email, UserModel.EXACT, "true"), 0, 2)
                .filter(KeycloakLoginUsers::person)
                .map(this::view)
                .toList();
    }

    /** The Keycloak user behind an id {@link #byId} answered. */
    public UserModel model(String id) {
        return session.users().getUserById(authSession.getRealm(), id);
    }

    private static boolean person(UserModel user) {
        return user.getServiceAccountClientLink() == null;
    }

    private RealmUser view(UserModel user) {
        return new KeycloakRealmUser(user, new KeycloakActionTarget(session, authSession, user));
    }

    /** A realm user: its own facts, and the subject view the later rules ask once it is the login's user. */
    private record KeycloakRealmUser(UserModel user, KeycloakActionTarget facts) implements RealmUser {

        @Override
        public String id() {
            return user.getId();
        }

        @Override
        public boolean enabled() {
            return user.isEnabled();
        }

        @Override
        public Long createdTimestamp() {
            return user.getCreatedTimestamp();
        }

        @Override
        public List<String> journeys() {
            return user.getAttributeStream(EvidenceContract.get().journeyAttribute()).toList();
        }

        @Override
        public String email() {
            return facts.email();
        }

        @Override
        public boolean emailVerified() {
            return facts.emailVerified();
        }

        @Override
        public Set<String> requiredActions() {
            return facts.requiredActions();
        }

        @Override
        public List<Long> credentialsCreatedAt(String type) {
            return facts.credentialsCreatedAt(type);
        }

        @Override
        public Map<String, Integer> acrLoaMap() {
            return facts.acrLoaMap();
        }
    }
}
