package io.iokeycloak.provider.store.definition;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowDefinitionsTest {

    private static JsonNode json(String text) {
        return FlowDefinitions.parse(text.replace('\'', '"'), "");
    }

    private static final String VALID = "{'schemaVersion': 1, 'id': 'profile', 'name': 'Profile', 'category': 'authentication',"
            + " 'version': '1', 'start': 'ask', 'nodes': [{'id': 'ask', 'type': 'form'}, {'id': 'done', 'type': 'end'}],"
            + " 'links': [{'from': 'ask', 'output': 'submitted', 'to': 'done'}]}";

    @Test
    void everyFlowTheBridgeShipsIsStructurallySound() throws Exception {
        try (var files = Files.list(Path.of("..", "bridge", "flows"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                assertEquals(List.of(), FlowDefinitions.structuralProblems(FlowDefinitions.parse(Files.readString(file), "")), file.toString());
            }
        }
    }

    @Test
    void theEnvelopeNamesEachMissingOrWrongField() {
        assertEquals(List.of(
                        Problem.of("id", "required: a letter, then up to 63 letters, digits, '-' or '_'"),
                        Problem.of("name", "required: 1 to 200 characters"),
                        Problem.of("category", "required: one of authentication, self-service, admin, api, consent, custom, library")),
                FlowDefinitions.envelopeProblems(json("{'id': '9lives', 'name': '', 'category': 'games'}")));
        assertEquals(List.of(Problem.of("", "a flow definition is a JSON object")), FlowDefinitions.envelopeProblems(json("[1]")));
    }

    @Test
    void nodeAndLinkProblemsNameTheNodeAndTheField() {
        JsonNode definition = json("{'schemaVersion': 2, 'id': 'f', 'name': 'F', 'category': 'custom', 'start': 'nope',"
                + " 'nodes': [{'id': 'a', 'type': 'form', 'config': 'x'}, {'id': 'a'}, {'type': 'end'}],"
                + " 'links': [{'from': 'a', 'output': 'next', 'to': 'b'}, {'from': 'a', 'output': 'next', 'to': 'a'}, {'from': 'a'}]}");
        assertEquals(List.of(
                Problem.of("schemaVersion", "required: 1"),
                new Problem("nodes/0/config", "a", "a JSON object"),
                new Problem("nodes/1/id", "a", "another node has the id \"a\""),
                new Problem("nodes/1/type", "a", "required: the node type"),
                new Problem("nodes/2/id", null, "required: a letter, then up to 63 letters, digits, '-' or '_'"),
                Problem.of("start", "no node \"nope\""),
                new Problem("links/0/to", "a", "no node \"b\""),
                new Problem("links/1/output", "a", "the port \"next\" of \"a\" is linked twice"),
                new Problem("links/2", "a", "required: from, output and to")),
                FlowDefinitions.structuralProblems(definition));
    }

    @Test
    void editorPositionsOnNodesAreAcceptedAndKeptInTheCanonicalText() {
        JsonNode definition = json("{'schemaVersion': 1, 'id': 'f', 'name': 'F', 'category': 'custom', 'start': 'a',"
                + " 'nodes': [{'id': 'a', 'type': 'end', 'ui': {'x': 120.5, 'y': -40}}], 'links': []}");
        assertEquals(List.of(), FlowDefinitions.structuralProblems(definition));
        assertTrue(FlowDefinitions.canonical(definition).contains("\"ui\":{\"x\":120.5,\"y\":-40}"));
    }

    @Test
    void notJsonIsRefusedNamingTheField() {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> FlowDefinitions.parse("{\"id\": ", "body"));
        assertEquals("body", refused.problems().get(0).field());
        assertEquals("a JSON body is required", assertThrows(InvalidInputException.class, () -> FlowDefinitions.parse(" ", "body")).problems().get(0).message());
    }

    @Test
    void theCanonicalTextSortsKeysAtEveryLevelSoTheDigestIgnoresKeyOrderAndWhitespace() {
        JsonNode a = json("{'b': 1, 'a': {'y': [3, {'q': 1, 'p': 2}], 'x': null}}");
        JsonNode b = json("{ 'a' : { 'x': null, 'y': [3, {'p': 2, 'q': 1}] }, 'b': 1 }");
        assertEquals("{\"a\":{\"x\":null,\"y\":[3,{\"p\":2,\"q\":1}]},\"b\":1}", FlowDefinitions.canonical(a));
        assertEquals(FlowDefinitions.digest(FlowDefinitions.canonical(a)), FlowDefinitions.digest(FlowDefinitions.canonical(b)));
        assertNotEquals(FlowDefinitions.digest(FlowDefinitions.canonical(a)), FlowDefinitions.digest(FlowDefinitions.canonical(json("{'b': 2}"))));
    }

    @Test
    void theDigestIsTheSha256OfTheCanonicalUtf8Text() {
        // printf '{"a":"é"}' | sha256sum (UTF-8: é is two bytes)
        assertEquals("sha-256:b3a092a6af48807fa9482b2ee140105575daa26d5b24b3c0e60a7e2dee6683b1", FlowDefinitions.digest("{\"a\":\"é\"}"));
        assertEquals("sha-256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FlowDefinitions.digest(""));
    }

    @Test
    void callsAreFoundAndRenamed() {
        JsonNode definition = json("{'nodes': [{'id': 'c1', 'type': 'call-flow', 'config': {'flow': 'terms@3'}},"
                + " {'id': 'c2', 'type': 'call-flow', 'config': {'flow': 'consent'}}, {'id': 'f', 'type': 'form', 'config': {'flow': 'x'}}]}");
        assertEquals(Set.of("terms", "consent"), FlowDefinitions.calledFlowIds(definition));
        JsonNode renamed = FlowDefinitions.renamingCalls(definition, Map.of("terms", "terms-a1b2c3"));
        assertEquals("terms-a1b2c3", renamed.at("/nodes/0/config/flow").asText());
        assertEquals("consent", renamed.at("/nodes/1/config/flow").asText());
        assertEquals("terms@3", definition.at("/nodes/0/config/flow").asText(), "the original is untouched");
    }

    @Test
    void aValidDefinitionHasNoProblems() {
        assertTrue(FlowDefinitions.structuralProblems(json(VALID)).isEmpty());
    }
}
