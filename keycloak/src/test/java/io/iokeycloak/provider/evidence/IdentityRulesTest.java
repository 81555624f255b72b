package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Protocol 1.4 through the authorizer: Keycloak signs in exactly the user the journey created, or
 * the one user whose email the journey proved, and refuses every other user the evidence names.
 * (The contract's vectors give the verdicts; these tests name each refusal and check which user is chosen.)
 */
class IdentityRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HANDOFF_IAT = 1_800_000_000L;
    private static final String CORRELATION_ID = "corr-1";

    /** A user of some realm, as Keycloak holds it. */
    private record User(String id, String realm, String email, boolean enabled, Long createdTimestamp, List<String> journeys)
            implements LoginUsers.RealmUser {

        static User createdByThisJourney() {
            return new User("new-user", "demo", "new@example.com", true, (HANDOFF_IAT + 20) * 1000, List.of(CORRELATION_ID));
        }

        User realm(String other) {
            return new User(id, other, email, enabled, createdTimestamp, journeys);
        }

        User created(long seconds) {
            return new User(id, realm, email, enabled, seconds * 1000, journeys);
        }

        User journeys(List<String> values) {
            return new User(id, realm, email, enabled, createdTimestamp, values);
        }

        User disabled() {
            return new User(id, realm, email, false, createdTimestamp, journeys);
        }

        @Override
        public boolean emailVerified() {
            return false;
        }

        @Override
        public Set<String> requiredActions() {
            return Set.of();
        }

        @Override
        public List<Long> credentialsCreatedAt(String type) {
            return List.of();
        }

        @Override
        public Map<String, Integer> acrLoaMap() {
            return Map.of();
        }
    }

    /** The login's realm is demo; lookups see its users only, as Keycloak's do with the session's realm. */
    private record Realm(User sessionUser, List<User> users) implements LoginUsers {

        static Realm withoutSessionUser(User... users) {
            return new Realm(null, List.of(users));
        }

        @Override
        public boolean sessionHasUser() {
            return sessionUser != null;
        }

        @Override
        public EvidenceSubject sessionSubject() {
            return sessionUser != null ? sessionUser : new User(null, "demo", null, true, null, List.of());
        }

        @Override
        public Optional<RealmUser> byId(String id) {
            return users.stream().filter(user -> user.realm().equals("demo") && user.id().equals(id)).<RealmUser>map(user -> user).findFirst();
        }

        @Override
        public List<RealmUser> byEmail(String email) {
            List<RealmUser> found = new ArrayList<>();
            users.stream().filter(user -> user.realm().equals("demo") && email.equalsIgnoreCase(user.email())).forEach(found::add);
            return found;
        }
    }

    private static Authorization authorize(Realm realm, String entries, String actions) throws Exception {
        Grants grants = Grants.parse(JSON.readTree("[{\"type\": \"sign_in_user\"}, {\"type\": \"identify_user\"}, {\"type\": \"mark_email_verified\"}]"), "grants");
        return new EvidenceAuthorizer(EvidenceContract.get(), grants, HANDOFF_IAT, realm, CORRELATION_ID)
                .authorize(JSON.readTree(entries), EvidenceActionParser.parse(JSON.readTree(actions), CORRELATION_ID));
    }

    private static Authorization signIn(Realm realm, String userId) throws Exception {
        return authorize(realm, "[]", "[{\"type\": \"sign_in_user\", \"user_id\": \"" + userId + "\"}]");
    }

    private static Authorization identify(Realm realm, String provedEmail, String email) throws Exception {
        String entries = provedEmail == null ? "[]"
                : "[{\"type\": \"email_code_verified\", \"step\": \"code\", \"at\": 1, \"payload\": {\"email\": \"" + provedEmail + "\"}}]";
        return authorize(realm, entries, "[{\"type\": \"identify_user\", \"email\": \"" + email + "\"}]");
    }

    private static void assertRefused(IoError expected, ThrowingRedemption redemption) {
        EvidenceException refused = assertThrows(EvidenceException.class, redemption::run);
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    private interface ThrowingRedemption {
        void run() throws Exception;
    }

    @Test
    void theUserThisJourneyCreatedIsSignedIn() throws Exception {
        assertEquals("new-user", signIn(Realm.withoutSessionUser(User.createdByThisJourney()), "new-user").identifiedUserId());
    }

    @Test
    void aUserOfAnotherRealmIsRefused() {
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().realm("other")), "new-user"));
    }

    @Test
    void aUserCreatedBeforeTheHandoffIsRefused() throws Exception {
        long tolerance = EvidenceContract.get().clockToleranceSeconds();
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().created(HANDOFF_IAT - tolerance - 1)), "new-user"));
        // Within the clock tolerance the user counts as created by the journey.
        assertEquals("new-user", signIn(Realm.withoutSessionUser(User.createdByThisJourney().created(HANDOFF_IAT - tolerance)), "new-user")
                .identifiedUserId());
    }

    @Test
    void aUserWithoutTheJourneysCorrelationIdIsRefused() {
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().journeys(List.of())), "new-user"));
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().journeys(List.of("corr-2"))), "new-user"));
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().journeys(List.of("corr-2", CORRELATION_ID))), "new-user"));
    }

    @Test
    void aDisabledUserIsRefused() {
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY,
                () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney().disabled()), "new-user"));
    }

    @Test
    void anUnknownUserIdIsRefused() {
        assertRefused(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY, () -> signIn(Realm.withoutSessionUser(User.createdByThisJourney()), "other-user"));
    }

    @Test
    void aLoginThatHasAUserAlreadyIsRefused() {
        User alice = new User("alice-id", "demo", "alice@example.com", true, 0L, List.of());
        Realm realm = new Realm(alice, List.of(User.createdByThisJourney(), alice));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, () -> signIn(realm, "new-user"));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, () -> identify(realm, "alice@example.com", "alice@example.com"));
    }

    @Test
    void theUserWithTheProvenEmailIsIdentified() throws Exception {
        User bob = new User("bob-id", "demo", "bob@example.com", true, 0L, List.of());
        assertEquals("bob-id", identify(Realm.withoutSessionUser(bob), "BOB@example.com", "bob@EXAMPLE.com").identifiedUserId());
    }

    @Test
    void identifyWithoutAProofOfTheEmailIsRefused() {
        User bob = new User("bob-id", "demo", "bob@example.com", true, 0L, List.of());
        assertRefused(IoError.EVIDENCE_UNPROVEN_EMAIL, () -> identify(Realm.withoutSessionUser(bob), null, "bob@example.com"));
        assertRefused(IoError.EVIDENCE_UNPROVEN_EMAIL, () -> identify(Realm.withoutSessionUser(bob), "mallory@example.com", "bob@example.com"));
    }

    @Test
    void anEmailNoSingleEnabledUserOfTheRealmHasIsUnknown() {
        User bob = new User("bob-id", "demo", "bob@example.com", true, 0L, List.of());
        User twin = new User("bob-2", "demo", "bob@example.com", true, 0L, List.of());
        User elsewhere = new User("bob-3", "other", "bob@example.com", true, 0L, List.of());
        assertRefused(IoError.EVIDENCE_USER_UNKNOWN, () -> identify(Realm.withoutSessionUser(bob), "nobody@example.com", "nobody@example.com"));
        assertRefused(IoError.EVIDENCE_USER_UNKNOWN, () -> identify(Realm.withoutSessionUser(bob.disabled()), "bob@example.com", "bob@example.com"));
        assertRefused(IoError.EVIDENCE_USER_UNKNOWN, () -> identify(Realm.withoutSessionUser(bob, twin), "bob@example.com", "bob@example.com"));
        assertRefused(IoError.EVIDENCE_USER_UNKNOWN, () -> identify(Realm.withoutSessionUser(elsewhere), "bob@example.com", "bob@example.com"));
    }

    @Test
    void theActionsAfterTheIdentityActOnTheIdentifiedUser() throws Exception {
        Realm realm = Realm.withoutSessionUser(User.createdByThisJourney());
        String proof = "[{\"type\": \"email_code_verified\", \"step\": \"code\", \"at\": 1, \"payload\": {\"email\": \"new@example.com\"}}]";
        String actions = "[{\"type\": \"sign_in_user\", \"user_id\": \"new-user\"}, {\"type\": \"mark_email_verified\"}]";
        assertEquals("new-user", authorize(realm, proof, actions).identifiedUserId());
        assertRefused(IoError.EVIDENCE_UNPROVEN_EMAIL, () -> authorize(realm, "[]", actions));
    }

    @Test
    void withoutAnyUserOnlyUserlessActionsPass() throws Exception {
        Realm nobody = Realm.withoutSessionUser();
        assertNull(authorize(nobody, "[]", "[]").identifiedUserId());
        assertRefused(IoError.EVIDENCE_BAD_ACTION, () -> authorize(nobody, "[]", "[{\"type\": \"mark_email_verified\"}]"));
    }

    @Test
    void atMostOneIdentityPerEvidence() {
        Realm realm = Realm.withoutSessionUser(User.createdByThisJourney());
        assertRefused(IoError.EVIDENCE_BAD_ACTION, () -> authorize(realm, "[]",
                "[{\"type\": \"sign_in_user\", \"user_id\": \"new-user\"}, {\"type\": \"sign_in_user\", \"user_id\": \"new-user\"}]"));
    }
}
