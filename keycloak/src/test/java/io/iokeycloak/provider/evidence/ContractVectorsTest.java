package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every vector of {@code contract/vectors/evidence-authorization.json}: the provider's verdict
 * ({@code expect.provider}) for the evidence's actions, parsed and then authorized against the
 * handoff's grants and what Keycloak knows (fake users built from the vector).
 */
class ContractVectorsTest {

    private static final Path VECTORS = Path.of("..", "contract", "vectors", "evidence-authorization.json");
    private static final String ACCEPTED = "accepted";
    /** The vectors' handoff correlation id, and the realm of their login. */
    private static final String CORRELATION_ID = "corr-1";
    private static final String LOGIN_REALM = "demo";

    static Stream<Arguments> vectors() throws IOException {
        JsonNode root = new ObjectMapper().readTree(VECTORS.toFile());
        List<Arguments> vectors = new ArrayList<>();
        root.path("vectors").forEach(vector -> vectors.add(Arguments.of(vector.path("name").asText(), vector)));
        return vectors.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void theProviderReachesTheContractsVerdict(String name, JsonNode vector) throws Exception {
        assertEquals(vector.path("expect").path("provider").asText(), verdict(vector), name);
    }

    private static String verdict(JsonNode vector) throws Exception {
        JsonNode handoff = vector.path("handoff");
        JsonNode evidence = vector.path("evidence");
        try {
            List<EvidenceAction> actions = EvidenceActionParser.parse(evidence.path("actions"), CORRELATION_ID);
            new EvidenceAuthorizer(EvidenceContract.get(), Grants.parse(handoff.path("grants"), "handoff.grants"),
                    handoff.path("iat").asLong(), new VectorUsers(vector.path("keycloak")), CORRELATION_ID)
                    .authorize(evidence.path("evidence"), actions);
            return ACCEPTED;
        } catch (EvidenceException refused) {
            return refused.code();
        }
    }

    /**
     * The vector's {@code keycloak} block: {@code user} the session's user (absent: none yet),
     * {@code users} the realm users pre-user actions may name, of the login's realm unless their
     * {@code realm} says otherwise (Keycloak's lookups with the session's realm never see those).
     */
    private record VectorUsers(JsonNode keycloak) implements LoginUsers {

        @Override
        public boolean sessionHasUser() {
            return keycloak.has("user");
        }

        @Override
        public EvidenceSubject sessionSubject() {
            return new VectorUser(keycloak.path("user"), keycloak);
        }

        @Override
        public Optional<RealmUser> byId(String id) {
            return realmUsers().filter(user -> user.id().equals(id)).findFirst();
        }

        @Override
        public List<RealmUser> byEmail(String email) {
            return realmUsers().filter(user -> email.equalsIgnoreCase(user.email())).toList();
        }

        private Stream<RealmUser> realmUsers() {
            List<RealmUser> users = new ArrayList<>();
            keycloak.path("users").forEach(user -> {
                if (user.path("realm").asText(LOGIN_REALM).equals(LOGIN_REALM)) {
                    users.add(new VectorUser(user, keycloak));
                }
            });
            return users.stream();
        }
    }

    /** A user of the vector; credential and creation times are seconds there, milliseconds in Keycloak. */
    private record VectorUser(JsonNode user, JsonNode keycloak) implements LoginUsers.RealmUser {

        @Override
        public String id() {
            return user.path("id").asText();
        }

        @Override
        public boolean enabled() {
            return user.path("enabled").asBoolean(true);
        }

        @Override
        public Long createdTimestamp() {
            return user.has("createdAt") ? user.path("createdAt").asLong() * 1000 : null;
        }

        @Override
        public List<String> journeys() {
            List<String> journeys = new ArrayList<>();
            user.path("attributes").path(EvidenceContract.get().journeyAttribute()).forEach(value -> journeys.add(value.asText()));
            return journeys;
        }

        @Override
        public String email() {
            return user.path("email").asText(null);
        }

        @Override
        public boolean emailVerified() {
            return user.path("emailVerified").asBoolean(false);
        }

        @Override
        public Set<String> requiredActions() {
            Set<String> actions = new HashSet<>();
            user.path("requiredActions").forEach(action -> actions.add(action.asText()));
            return actions;
        }

        @Override
        public List<Long> credentialsCreatedAt(String type) {
            List<Long> created = new ArrayList<>();
            user.path("credentials").forEach(credential -> {
                if (credential.path("type").asText().equals(type)) {
                    created.add(credential.path("createdAt").asLong() * 1000);
                }
            });
            return created;
        }

        @Override
        public Map<String, Integer> acrLoaMap() {
            Map<String, Integer> map = new LinkedHashMap<>();
            keycloak.path("acrLoaMap").properties().forEach(entry -> map.put(entry.getKey(), entry.getValue().asInt()));
            return map;
        }
    }
}
