package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.InvalidInputException;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponseException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API's refusals, each a JSON body {@code {"error": code, ...}}: 400 {@code invalid_input}
 * with {@code errors} (field, node, message), 404 {@code not_found}, 409 {@code conflict}, 503
 * {@code bridge_unavailable} (a publish, a test run or a read the bridge could not answer), 503
 * {@code mail_unavailable} (a sign-up decision whose mail the realm's mail server did not take).
 * Every write checks its whole input first, so a refusal leaves nothing written.
 */
final class ApiErrors {

    private ApiErrors() {
    }

    /** The request body as JSON, or 400 naming {@code field}. */
    static JsonNode json(String body, String field) {
        try {
            return FlowDefinitions.parse(body, field);
        } catch (InvalidInputException e) {
            throw invalid(e.problems());
        }
    }

    static void requireNone(List<Problem> problems) {
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
    }

    static ErrorResponseException invalid(List<Problem> problems) {
        return error(Response.Status.BAD_REQUEST, "invalid_input", Map.of("errors", problems));
    }

    static ErrorResponseException invalid(String field, String message) {
        return invalid(List.of(Problem.of(field, message)));
    }

    static ErrorResponseException notFound(String message) {
        return error(Response.Status.NOT_FOUND, "not_found", Map.of("message", message));
    }

    static ErrorResponseException conflict(String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>(details);
        body.put("message", message);
        return error(Response.Status.CONFLICT, "conflict", body);
    }

    /** The realm's mail server did not take a mail a decision depends on; nothing was changed. */
    static ErrorResponseException mailUnavailable(String message) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "mail_unavailable", Map.of("message", "the realm's mail server did not take the mail: " + message));
    }

    static ErrorResponseException bridgeUnavailable(String message) {
        return error(Response.Status.SERVICE_UNAVAILABLE, "bridge_unavailable", Map.of("message", "the bridge cannot answer: " + message));
    }

    private static ErrorResponseException error(Response.Status status, String code, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.putAll(details);
        return new ErrorResponseException(Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
    }
}
