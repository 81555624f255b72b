package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.admin.validation.BridgeAnswer;
import io.iokeycloak.provider.admin.validation.BridgeUnavailableException;
import io.iokeycloak.provider.admin.validation.Verdict;
import io.iokeycloak.provider.store.definition.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The admin API's calls to the bridge on the caller's behalf (Try it, executions, funnel): the
 * bridge's answer as the API's, its refusals of the request as the API's errors (400 with the
 * fields, 404, 409), and a bridge that cannot answer as 503 {@code bridge_unavailable}.
 */
final class BridgeCalls {

    private BridgeCalls() {
    }

    /** @param flowId the flow the call is about, to place the issues of an invalid draft */
    static JsonNode forward(ApiContext context, String purpose, String path, Object content, String flowId) {
        BridgeAnswer answer;
        try {
            answer = context.bridge().call(context.session(), context.realm(), context.actorId(), purpose, path, content);
        } catch (BridgeUnavailableException unavailable) {
            throw ApiErrors.bridgeUnavailable(unavailable.getMessage());
        }
        if (answer.ok()) {
            return answer.body();
        }
        throw refusal(answer, flowId);
    }

    /** The API's error for the bridge's refusal of a request. */
    static RuntimeException refusal(BridgeAnswer answer, String flowId) {
        return switch (answer.error()) {
            case "admin_request_malformed", "admin_flow_invalid" -> ApiErrors.invalid(problems(answer, flowId));
            case "admin_run_not_found" -> ApiErrors.notFound("no such test run: runs last 15 minutes and belong to the admin who started them");
            case "admin_step_refused" -> ApiErrors.conflict("the step refused the request", Map.of("reason", answer.body().path("reason").asText("")));
            default -> ApiErrors.bridgeUnavailable("the bridge answered " + answer.status()
                    + (answer.error().isEmpty() ? "" : " (" + answer.error() + ")"));
        };
    }

    /**
     * What a 400 of the bridge says is wrong, as the API's problems: the body's {@code fields}, or an
     * invalid draft's {@code issues} placed in the draft ({@code draft/...}) or its library.
     */
    static List<Problem> problems(BridgeAnswer answer, String flowId) {
        List<Problem> problems = new ArrayList<>();
        answer.body().path("fields").forEach(field -> problems.add(Problem.of(field.path("field").asText(), field.path("message").asText())));
        answer.body().path("issues").forEach(issue -> problems.add(FlowPublisher.problem(flowId, new Verdict.Issue(text(issue, "path"),
                text(issue, "node"), text(issue, "field"), text(issue, "message")))));
        return problems.isEmpty() ? List.of(Problem.of("", "the bridge refused the request")) : problems;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
