package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.store.definition.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PUT /io/processors/{category}: the list, and the optional reason recorded with the change. */
class ProcessorsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aReasonGoesIntoTheRepresentationNotTheList() throws Exception {
        JsonNode request = body("{\"processors\": [\"audit\"], \"reason\": \"  lockout moves to the IdP  \"}");
        assertEquals(List.of(), ProcessorsResource.problems(request));
        Map<String, Object> view = ProcessorsResource.view("authentication", request);
        assertEquals("lockout moves to the IdP", view.get("reason"));
        assertEquals(body("[\"audit\"]"), view.get("processors"));
    }

    @Test
    void withoutAReasonTheRepresentationHasNone() throws Exception {
        JsonNode request = body("{\"processors\": []}");
        assertEquals(List.of(), ProcessorsResource.problems(request));
        assertFalse(ProcessorsResource.view("api", request).containsKey("reason"));
    }

    @Test
    void aBlankTooLongOrNonTextReasonIsRefused() throws Exception {
        Problem problem = Problem.of("reason", "optional: a text of 1 to 500 characters");
        assertEquals(List.of(problem), ProcessorsResource.problems(body("{\"processors\": [], \"reason\": \" \"}")));
        assertEquals(List.of(problem), ProcessorsResource.problems(body("{\"processors\": [], \"reason\": 3}")));
        assertEquals(List.of(problem), ProcessorsResource.problems(
                body("{\"processors\": [], \"reason\": \"" + "x".repeat(501) + "\"}")));
        assertTrue(ProcessorsResource.problems(body("{\"processors\": [], \"reason\": \"" + "x".repeat(500) + "\"}")).isEmpty());
    }

    @Test
    void everyProblemOfTheListIsListed() throws Exception {
        List<Problem> problems = ProcessorsResource.problems(body("{\"processors\": [\"audit\", \"audit\", \"bad id\"]}"));
        assertEquals(List.of(
                Problem.of("processors/1", "\"audit\" is listed twice"),
                Problem.of("processors/2", "a processor id")), problems);
        assertEquals(List.of(Problem.of("processors", "required: an array of processor ids")),
                ProcessorsResource.problems(body("{}")));
    }
}
