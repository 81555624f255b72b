package io.iokeycloak.provider.store.definition;

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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every vector of {@code contract/vectors/flow-digest.json}: the text is canonical as the provider
 * stores it (re-canonicalizing it is the identity) and its digest is the contract's.
 */
class FlowDigestVectorsTest {

    private static final Path VECTORS = Path.of("..", "contract", "vectors", "flow-digest.json");

    static Stream<Arguments> vectors() throws IOException {
        List<Arguments> vectors = new ArrayList<>();
        new ObjectMapper().readTree(VECTORS.toFile()).path("vectors").forEach(vector ->
                vectors.add(Arguments.of(vector.path("definition").asText(), vector.path("digest").asText())));
        return vectors.stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void theCanonicalTextAndItsDigestAreTheContracts(String definition, String digest) {
        assertEquals(definition, FlowDefinitions.canonical(FlowDefinitions.parse(definition, "definition")));
        assertEquals(digest, FlowDefinitions.digest(definition));
    }

    @Test
    void reorderedAndSpacedTextCanonicalizesToTheVector() throws IOException {
        JsonNode first = new ObjectMapper().readTree(VECTORS.toFile()).path("vectors").get(0);
        String spaced = "{ \"start\": \"end\", \"version\": \"1\", \"nodes\": [ { \"type\": \"end\", \"id\": \"end\" } ],"
                + " \"name\": \"Sign up\", \"id\": \"signup\", \"category\": \"authentication\" }";
        String canonical = FlowDefinitions.canonical(FlowDefinitions.parse(spaced, "definition"));
        assertEquals(first.path("definition").asText(), canonical);
        assertEquals(first.path("digest").asText(), FlowDefinitions.digest(canonical));
        assertTrue(vectors().count() >= 3);
    }
}
