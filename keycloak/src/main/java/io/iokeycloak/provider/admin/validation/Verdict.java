package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bridge's answer to a validation: {@code {"valid", "issues": [{path, node?, field, message}], "warnings": [...],
 * "nodes": {nodeId: {"ports": [...]}}}}. {@code path} names the flow ({@code id@version}) an issue is in: the
 * candidate or a library flow. {@code nodes} are the candidate's ports as the bridge's node types compute them
 * from each config (protocol 1.3; an older bridge sends none): the designer draws them as output handles.
 */
public record Verdict(boolean valid, List<Issue> issues, List<JsonNode> warnings, Map<String, List<String>> nodePorts) {

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
        nodePorts = Collections.unmodifiableMap(new LinkedHashMap<>(nodePorts));
    }

    /** Keycloak's own verdict (its problems, before the bridge is asked): no ports known. */
    public Verdict(boolean valid, List<Issue> issues, List<JsonNode> warnings) {
        this(valid, issues, warnings, Map.of());
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
        return new Verdict(answer.get("valid").asBoolean(), issues, warnings, nodePorts(answer.path("nodes")));
    }

    /** {@code {id: {ports: [string...]}}}; an entry of another shape is left out, not guessed. */
    private static Map<String, List<String>> nodePorts(JsonNode nodes) {
        Map<String, List<String>> ports = new LinkedHashMap<>();
        nodes.properties().forEach(entry -> {
            JsonNode list = entry.getValue().path("ports");
            List<String> names = new ArrayList<>();
            list.forEach(port -> names.add(port.isTextual() ? port.asText() : null));
            if (list.isArray() && !names.contains(null)) {
                ports.put(entry.getKey(), List.copyOf(names));
            }
        });
        return ports;
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
        Map<String, Object> nodes = new LinkedHashMap<>();
        nodePorts.forEach((id, ports) -> nodes.put(id, Map.of("ports", ports)));
        json.put("nodes", nodes);
        return json;
    }
}
