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
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every vector of {@code contract/vectors/evidence-authorization.json}: the provider's verdict
 * ({@code expect.provider}) for the evidence's actions, parsed and then authorized against the
 * handoff's grants and what Keycloak knows (a fake user view built from the vector).
 */
class ContractVectorsTest {

    private static final Path VECTORS = Path.of("..", "contract", "vectors", "evidence-authorization.json");
    private static final String ACCEPTED = "accepted";

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
            List<EvidenceAction> actions = EvidenceActionParser.parse(evidence.path("actions"), "corr-1");
            new EvidenceAuthorizer(EvidenceContract.get(), Grants.parse(handoff.path("grants"), "handoff.grants"),
                    handoff.path("iat").asLong(), new VectorSubject(vector.path("keycloak")), "corr-1")
                    .authorize(evidence.path("evidence"), actions);
            return ACCEPTED;
        } catch (EvidenceException refused) {
            return refused.code();
        }
    }

    /** The vector's {@code keycloak} block as the user view; credential times are seconds there, milliseconds in Keycloak. */
    private record VectorSubject(JsonNode keycloak) implements EvidenceSubject {

        private JsonNode user() {
            return keycloak.path("user");
        }

        @Override
        public String email() {
            return user().path("email").asText(null);
        }

        @Override
        public boolean emailVerified() {
            return user().path("emailVerified").asBoolean(false);
        }

        @Override
        public Set<String> requiredActions() {
            Set<String> actions = new HashSet<>();
            user().path("requiredActions").forEach(action -> actions.add(action.asText()));
            return actions;
        }

        @Override
        public List<Long> credentialsCreatedAt(String type) {
            List<Long> created = new ArrayList<>();
            user().path("credentials").forEach(credential -> {
                if (credential.path("type").asText().equals(type)) {
                    created.add(credential.path("createdAt").asLong() * 1000);
                }
            });
            return created;
        }

        @Override
        public Map<String, Integer> acrLoaMap() {
            Map<String, Integer> map = new LinkedHashMap<>();
            keycloak.path("acrLoaMap").fields().forEachRemaining(entry -> map.put(entry.getKey(), entry.getValue().asInt()));
            return map;
        }
    }
}
