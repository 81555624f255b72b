package io.iokeycloak.provider.store.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Keycloak itself checks in a flow definition (the bridge's flow format, schemaVersion 1):
 * its structure, the top-level fields the store keys on, node ids and links. Node configs,
 * expressions and calls across flows are the bridge's validation; this class never pretends to run it.
 */
public final class FlowDefinitions {

    public static final Pattern IDENTIFIER = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}$");
    public static final Pattern VERSION = Pattern.compile("^[0-9A-Za-z][0-9A-Za-z._-]{0,31}$");
    public static final List<String> CATEGORIES = List.of("authentication", "self-service", "admin", "api", "consent", "custom", "library");
    public static final String CALL_FLOW = "call-flow";
    private static final int MAX_NODES = 500;
    private static final int MAX_LINKS = 2000;

    /** Sorted keys, no whitespace: the one text a definition is stored, served and digested as. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .nodeFactory(new SortingNodeFactory())
            .build();

    private FlowDefinitions() {
    }

    /** @throws InvalidInputException naming {@code field} when the text is not JSON */
    public static JsonNode parse(String text, String field) {
        try {
            JsonNode node = text == null || text.isBlank() ? null : CANONICAL.readTree(text);
            if (node == null) {
                throw new InvalidInputException(List.of(Problem.of(field, "a JSON body is required")));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(Problem.of(field, "not valid JSON: " + e.getOriginalMessage())));
        }
    }

    /** The definition's canonical text (object keys sorted at every level, no whitespace). */
    public static String canonical(JsonNode definition) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.readTree(CANONICAL.writeValueAsString(definition)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }

    /** {@code sha-256:} and the hex SHA-256 of the UTF-8 bytes of the canonical text. */
    public static String digest(String canonicalText) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalText.getBytes(StandardCharsets.UTF_8));
            return "sha-256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The fields a draft needs to be stored at all: an object with a valid id, name and category. */
    public static List<Problem> envelopeProblems(JsonNode definition) {
        List<Problem> problems = new ArrayList<>();
        if (!definition.isObject()) {
            problems.add(Problem.of("", "a flow definition is a JSON object"));
            return problems;
        }
        JsonNode id = definition.get("id");
        if (id == null || !id.isTextual() || !IDENTIFIER.matcher(id.asText()).matches()) {
            problems.add(Problem.of("id", "required: a letter, then up to 63 letters, digits, '-' or '_'"));
        }
        JsonNode name = definition.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            problems.add(Problem.of("name", "required: 1 to 200 characters"));
        }
        JsonNode category = definition.get("category");
        if (category == null || !category.isTextual() || !CATEGORIES.contains(category.asText())) {
            problems.add(Problem.of("category", "required: one of " + String.join(", ", CATEGORIES)));
        }
        return problems;
    }

    /** Everything this class checks: the envelope, schemaVersion, version, start, nodes and links. */
    public static List<Problem> structuralProblems(JsonNode definition) {
        List<Problem> problems = envelopeProblems(definition);
        if (!definition.isObject()) {
            return problems;
        }
        JsonNode schemaVersion = definition.get("schemaVersion");
        if (schemaVersion == null || !schemaVersion.isInt() || schemaVersion.asInt() != 1) {
            problems.add(Problem.of("schemaVersion", "required: 1"));
        }
        JsonNode version = definition.get("version");
        if (version != null && (!version.isTextual() || !VERSION.matcher(version.asText()).matches())) {
            problems.add(Problem.of("version", "a string of up to 32 letters, digits, '.', '-' or '_'"));
        }
        Set<String> nodeIds = nodeProblems(definition.get("nodes"), problems);
        JsonNode start = definition.get("start");
        if (start == null || !start.isTextual()) {
            problems.add(Problem.of("start", "required: the id of the first node"));
        } else if (!nodeIds.contains(start.asText())) {
            problems.add(Problem.of("start", "no node \"" + start.asText() + "\""));
        }
        linkProblems(definition.get("links"), nodeIds, problems);
        return problems;
    }

    private static Set<String> nodeProblems(JsonNode nodes, List<Problem> problems) {
        Set<String> ids = new LinkedHashSet<>();
        if (nodes == null || !nodes.isArray() || nodes.isEmpty() || nodes.size() > MAX_NODES) {
            problems.add(Problem.of("nodes", "required: an array of 1 to " + MAX_NODES + " nodes"));
            return ids;
        }
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            String at = "nodes/" + i;
            if (!node.isObject()) {
                problems.add(Problem.of(at, "a node is a JSON object"));
                continue;
            }
            JsonNode id = node.get("id");
            String nodeId = id != null && id.isTextual() ? id.asText() : null;
            if (nodeId == null || !IDENTIFIER.matcher(nodeId).matches()) {
                problems.add(new Problem(at + "/id", nodeId, "required: a letter, then up to 63 letters, digits, '-' or '_'"));
            } else if (!ids.add(nodeId)) {
                problems.add(new Problem(at + "/id", nodeId, "another node has the id \"" + nodeId + "\""));
            }
            JsonNode type = node.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                problems.add(new Problem(at + "/type", nodeId, "required: the node type"));
            }
            JsonNode config = node.get("config");
            if (config != null && !config.isObject()) {
                problems.add(new Problem(at + "/config", nodeId, "a JSON object"));
            }
        }
        return ids;
    }

    private static void linkProblems(JsonNode links, Set<String> nodeIds, List<Problem> problems) {
        if (links == null || !links.isArray() || links.size() > MAX_LINKS) {
            problems.add(Problem.of("links", "required: an array of up to " + MAX_LINKS + " links"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < links.size(); i++) {
            JsonNode link = links.get(i);
            String at = "links/" + i;
            String from = text(link, "from");
            String output = text(link, "output");
            String to = text(link, "to");
            if (from == null || output == null || to == null) {
                problems.add(new Problem(at, from, "required: from, output and to"));
                continue;
            }
            if (!nodeIds.contains(from)) {
                problems.add(new Problem(at + "/from", from, "no node \"" + from + "\""));
            }
            if (!nodeIds.contains(to)) {
                problems.add(new Problem(at + "/to", from, "no node \"" + to + "\""));
            }
            if (!seen.add(from + "\u0000" + output)) {
                problems.add(new Problem(at + "/output", from, "the port \"" + output + "\" of \"" + from + "\" is linked twice"));
            }
        }
    }

    /** The flow ids the definition's {@code call-flow} nodes name (a reference is {@code id} or {@code id@version}). */
    public static Set<String> calledFlowIds(JsonNode definition) {
        Set<String> called = new LinkedHashSet<>();
        JsonNode nodes = definition.get("nodes");
        if (nodes == null || !nodes.isArray()) {
            return called;
        }
        for (JsonNode node : nodes) {
            String ref = CALL_FLOW.equals(text(node, "type")) ? text(node.path("config"), "flow") : null;
            if (ref != null && !ref.isBlank()) {
                called.add(flowIdOf(ref));
            }
        }
        return called;
    }

    /** The definition with each {@code call-flow} reference to a renamed flow pointing at its new id. */
    public static JsonNode renamingCalls(JsonNode definition, java.util.Map<String, String> newIds) {
        JsonNode copy = definition.deepCopy();
        for (JsonNode node : copy.path("nodes")) {
            String ref = CALL_FLOW.equals(text(node, "type")) ? text(node.path("config"), "flow") : null;
            if (ref != null && newIds.containsKey(flowIdOf(ref))) {
                ((ObjectNode) node.get("config")).put("flow", newIds.get(flowIdOf(ref)));
            }
        }
        return copy;
    }

    public static String flowIdOf(String ref) {
        int at = ref.indexOf('@');
        return at < 0 ? ref.trim() : ref.substring(0, at).trim();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
