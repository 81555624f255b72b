package io.iokeycloak.provider.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every vector of {@code contract/vectors/rollout-buckets.json}, and the version a bucket picks. */
class RolloutBucketTest {

    private static final Path VECTORS = Path.of("..", "contract", "vectors", "rollout-buckets.json");

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        new ObjectMapper().readTree(VECTORS.toFile()).path("vectors").forEach(vector -> vectors.add(Arguments.of(
                vector.path("realmId").asText(), vector.path("flowId").asText(), vector.path("subjectKey").asText(), vector)));
        return vectors.stream();
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @MethodSource("vectors")
    void theBucketIsTheContracts(String realmId, String flowId, String subjectKey, JsonNode vector) {
        assertEquals(vector.path("bucket").asInt(), RolloutBucket.of(realmId, flowId, subjectKey));
    }

    @Test
    void theVectorsExist() throws IOException {
        assertTrue(vectors().count() >= 6);
    }

    @Test
    void aBucketBelowThePercentageGetsTheRolloutVersion() {
        // realm-1/signup/user-a is bucket 27, user-b bucket 82 (the vectors).
        RuntimeFlow flow = new RuntimeFlow("signup", 1, 2, 28, Map.of());
        assertEquals(2, RolloutBucket.choose("realm-1", flow, "user-a"));
        assertEquals(1, RolloutBucket.choose("realm-1", flow, "user-b"));
        assertEquals(1, RolloutBucket.choose("realm-1", new RuntimeFlow("signup", 1, 2, 27, Map.of()), "user-a"), "27 is not below 27");
        assertEquals(1, RolloutBucket.choose("realm-1", new RuntimeFlow("signup", 1, null, null, Map.of()), "user-a"), "no rollout");
    }
}
