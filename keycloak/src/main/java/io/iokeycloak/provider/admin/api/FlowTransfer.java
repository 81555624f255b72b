package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoMessageBundleEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.Problem;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The export file: one flow with the library flows it calls (transitively) and their messages.
 * <pre>{"format": "io-flows", "formatVersion": 1, "root": id, "flows": [{"definition": {...}, "messages": {locale: {...}}}]}</pre>
 * Format version 0 is a bare flow definition (the files in bridge/flows/), migrated on import.
 */
final class FlowTransfer {

    static final String FORMAT = "io-flows";
    static final int FORMAT_VERSION = 1;
    static final int MAX_FLOWS = 100;

    private FlowTransfer() {
    }

    /** Callees are exported at their active version, or their draft when none is active. */
    static Map<String, Object> export(ApiContext context, IoFlowEntity root, String version, FlowResource rootResource) {
        Map<String, Map<String, Object>> flows = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        JsonNode rootDefinition = rootResource.definition(root, version, "version");
        int rootBundles = FlowResource.DRAFT.equals(version) ? IoMessageBundleEntity.DRAFT : FlowResource.versionNumber(version, "version");
        flows.put(root.getFlowId(), entry(context, root, rootDefinition, rootBundles));
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(rootDefinition));
        while (!pending.isEmpty()) {
            for (String called : FlowDefinitions.calledFlowIds(pending.pop())) {
                if (flows.containsKey(called) || missing.contains(called)) {
                    continue;
                }
                Optional<IoFlowEntity> callee = context.store().flow(context.realm().getId(), called);
                if (callee.isEmpty()) {
                    missing.add(called);
                    continue;
                }
                Integer active = callee.get().getActiveVersion();
                JsonNode definition = active == null
                        ? FlowDefinitions.parse(callee.get().getDraft(), "draft")
                        : FlowDefinitions.parse(context.store().version(callee.get(), active).orElseThrow().getDefinition(), "definition");
                flows.put(called, entry(context, callee.get(), definition, active == null ? IoMessageBundleEntity.DRAFT : active));
                pending.push(definition);
            }
        }
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("format", FORMAT);
        file.put("formatVersion", FORMAT_VERSION);
        file.put("root", root.getFlowId());
        file.put("exportedAt", System.currentTimeMillis());
        file.put("flows", flows.values());
        if (!missing.isEmpty()) {
            file.put("missingCalls", missing);
        }
        return file;
    }

    private static Map<String, Object> entry(ApiContext context, IoFlowEntity flow, JsonNode definition, int bundles) {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        context.store().bundles(flow, bundles).forEach((locale, text) -> messages.put(locale, FlowDefinitions.parse(text, "messages")));
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("definition", definition);
        entry.put("messages", messages);
        return entry;
    }

    /** The file in the current format; a format-0 file (a bare definition) is wrapped. */
    static JsonNode migrate(JsonNode file) {
        if (file.isObject() && !file.has("format") && file.has("nodes")) {
            ObjectNode current = JsonNodeFactory.instance.objectNode();
            current.put("format", FORMAT);
            current.put("formatVersion", FORMAT_VERSION);
            ObjectNode entry = current.putArray("flows").addObject();
            entry.set("definition", file);
            entry.putObject("messages");
            return current;
        }
        return file;
    }

    /** An import entry once checked. */
    record Imported(JsonNode definition, Map<String, JsonNode> messages) {
        String id() {
            return definition.get("id").asText();
        }
    }

    /** Every problem of the file (fields as paths into it); empty when it may be imported as it is. */
    static List<Problem> problems(JsonNode file) {
        List<Problem> problems = new ArrayList<>();
        if (!file.isObject() || !FORMAT.equals(file.path("format").asText(null))) {
            problems.add(Problem.of("format", "required: \"" + FORMAT + "\" (an export file) or a flow definition"));
            return problems;
        }
        if (file.path("formatVersion").asInt(-1) != FORMAT_VERSION) {
            problems.add(Problem.of("formatVersion", "this Keycloak reads format versions 0 and " + FORMAT_VERSION));
            return problems;
        }
        JsonNode flows = file.path("flows");
        if (!flows.isArray() || flows.isEmpty() || flows.size() > MAX_FLOWS) {
            problems.add(Problem.of("flows", "required: 1 to " + MAX_FLOWS + " flows"));
            return problems;
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            String at = "flows/" + i + "/";
            JsonNode definition = flows.get(i).path("definition");
            FlowDefinitions.structuralProblems(definition).forEach(problem ->
                    problems.add(new Problem(at + "definition/" + problem.field(), problem.node(), problem.message())));
            String id = definition.path("id").asText(null);
            if (id != null && ids.contains(id)) {
                problems.add(Problem.of(at + "definition/id", "another flow of the file has the id \"" + id + "\""));
            }
            ids.add(id);
            JsonNode messages = flows.get(i).path("messages");
            if (messages.isMissingNode()) {
                continue;
            }
            if (!messages.isObject()) {
                problems.add(Problem.of(at + "messages", "an object of locale -> messages"));
                continue;
            }
            for (Map.Entry<String, JsonNode> bundle : messages.properties()) {
                if (!MessagesResource.LOCALE.matcher(bundle.getKey()).matches()) {
                    problems.add(Problem.of(at + "messages/" + bundle.getKey(), "a language tag such as en or pt-BR"));
                }
                problems.addAll(MessagesResource.bundleProblems(bundle.getValue(), at + "messages/" + bundle.getKey() + "/"));
            }
        }
        return problems;
    }

    static List<Imported> entries(JsonNode file) {
        List<Imported> entries = new ArrayList<>();
        for (JsonNode flow : file.path("flows")) {
            Map<String, JsonNode> messages = new LinkedHashMap<>();
            flow.path("messages").properties().forEach(bundle -> messages.put(bundle.getKey(), bundle.getValue()));
            entries.add(new Imported(flow.get("definition"), messages));
        }
        return entries;
    }

    /** The entry with a new id and its calls to renamed flows following them. */
    static Imported renamed(Imported entry, Map<String, String> newIds) {
        ObjectNode definition = (ObjectNode) FlowDefinitions.renamingCalls(entry.definition(), newIds);
        definition.put("id", newIds.get(entry.id()));
        return new Imported(definition, entry.messages());
    }
}
