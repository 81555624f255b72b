package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's answer to a validation: {@code {"valid", "issues": [{path, node?, field, message}], "warnings": [...]}}.
 * {@code path} names the flow ({@code id@version}) an issue is in: the candidate or a library flow.
 */
public record Verdict(boolean valid, List<Issue> issues, List<JsonNode> warnings) {

    public record Issue(String path, String node, String field, String message) {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("path", path);
            if (node != null) {
                json.put("node", node);
            }
            json.put("field", field);
            json.put("message", message);
            return json;
        }
    }

    public Verdict {
        issues = List.copyOf(issues);
        warnings = List.copyOf(warnings);
    }

    /** @throws IllegalArgumentException when the answer does not have the shape */
    static Verdict parse(JsonNode answer) {
        if (!answer.path("valid").isBoolean() || !answer.path("issues").isArray()) {
            throw new IllegalArgumentException("the answer has no boolean valid and issues array");
        }
        List<Issue> issues = new ArrayList<>();
        for (JsonNode issue : answer.get("issues")) {
            issues.add(new Issue(text(issue, "path"), text(issue, "node"), text(issue, "field"), text(issue, "message")));
        }
        List<JsonNode> warnings = new ArrayList<>();
        answer.path("warnings").forEach(warnings::add);
        return new Verdict(answer.get("valid").asBoolean(), issues, warnings);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", valid);
        json.put("issues", issues.stream().map(Issue::toJson).toList());
        json.put("warnings", warnings);
        return json;
    }
}
