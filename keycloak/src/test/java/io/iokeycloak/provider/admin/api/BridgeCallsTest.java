package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.admin.validation.BridgeAnswer;
import io.iokeycloak.provider.store.definition.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the bridge says is wrong with a Try it or executions request, as the admin API's 400 problems. */
class BridgeCallsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Problem> problems(String body) throws Exception {
        return BridgeCalls.problems(new BridgeAnswer(400, JSON.readTree(body)), "signup");
    }

    @Test
    void malformedFieldsAreTheProblems() throws Exception {
        assertEquals(List.of(Problem.of("user/username", "a non-empty string")),
                problems("{\"error\":\"admin_request_malformed\",\"fields\":[{\"field\":\"user/username\",\"message\":\"a non-empty string\"}]}"));
    }

    @Test
    void anInvalidDraftsIssuesAreDraftOrLibraryFields() throws Exception {
        assertEquals(List.of(new Problem("draft/type", "ask", "unknown"), new Problem("library/library/0/start", null, "no node")),
                problems("{\"error\":\"admin_flow_invalid\",\"issues\":[{\"path\":\"flow\",\"node\":\"ask\",\"field\":\"type\",\"message\":\"unknown\"},"
                        + "{\"path\":\"library/0\",\"node\":null,\"field\":\"start\",\"message\":\"no node\"}]}"));
    }

    @Test
    void aRefusalWithoutDetailsStillNamesAProblem() throws Exception {
        assertEquals(List.of(Problem.of("", "the bridge refused the request")), problems("{\"error\":\"admin_request_malformed\"}"));
    }
}
