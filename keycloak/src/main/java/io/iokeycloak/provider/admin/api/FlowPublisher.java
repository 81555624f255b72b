package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iokeycloak.provider.admin.validation.BridgeUnavailableException;
import io.iokeycloak.provider.admin.validation.Verdict;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
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
 * Publishing a flow's draft, the one path for {@code POST /io/flows/{id}/versions} and template
 * installs: Keycloak's own checks (structure, permissions in the contract's shapes, every called
 * flow kept with an active version), then the bridge's validation of the candidate with the
 * library flows it calls; only then version n+1 is written. Any refusal throws before a write.
 */
final class FlowPublisher {

    /** A written version and the bridge's warnings about it. */
    record Published(IoFlowVersionEntity version, List<JsonNode> warnings) {
    }

    /** The draft as version n+1 would be, its library, and what Keycloak finds wrong with it. */
    private record Candidate(ObjectNode definition, int number, List<JsonNode> library, List<Problem> problems) {
    }

    private FlowPublisher() {
    }

    static Published publish(ApiContext context, IoFlowEntity flow, String comment, boolean activate) {
        Candidate candidate = candidate(context, flow, FlowDefinitions.parse(flow.getDraft(), FlowResource.DRAFT));
        ApiErrors.requireNone(candidate.problems());
        Verdict verdict = askBridge(context, candidate);
        if (!verdict.valid()) {
            throw ApiErrors.invalid(verdict.issues().stream().map(issue -> problem(flow.getFlowId(), issue)).toList());
        }
        String text = FlowDefinitions.canonical(candidate.definition());
        IoFlowVersionEntity version = new IoFlowVersionEntity();
        version.setFlow(flow.getId());
        version.setVersionNumber(candidate.number());
        version.setDefinition(text);
        version.setDigest(FlowDefinitions.digest(text));
        version.setAuthor(context.actor());
        version.setCreatedAt(System.currentTimeMillis());
        version.setComment(comment);
        context.store().addVersion(version);
        context.store().copyDraftBundles(flow, candidate.number());
        if (activate) {
            flow.setActiveVersion(candidate.number());
            flow.setRolloutVersion(null);
            flow.setRolloutPercentage(null);
        }
        // Even unactivated: a client may pin the new number (id@n).
        context.runtimeChanged();
        return new Published(version, verdict.warnings());
    }

    /**
     * What publishing {@code definition} (the stored draft, or a candidate the designer has not saved yet)
     * would say, without writing: Keycloak's problems as issues, else the bridge's verdict.
     */
    static Verdict validate(ApiContext context, IoFlowEntity flow, JsonNode definition) {
        Candidate candidate = candidate(context, flow, definition);
        if (!candidate.problems().isEmpty()) {
            String path = flow.getFlowId() + "@" + candidate.number();
            return new Verdict(false, candidate.problems().stream()
                    .map(problem -> new Verdict.Issue(path, problem.node(), problem.field(), problem.message())).toList(), List.of());
        }
        return askBridge(context, candidate);
    }

    private static Verdict askBridge(ApiContext context, Candidate candidate) {
        try {
            return context.bridge().validate(context.session(), context.realm(), context.actorId(), candidate.definition(), candidate.library());
        } catch (BridgeUnavailableException unavailable) {
            throw ApiErrors.bridgeUnavailable(unavailable.getMessage());
        }
    }

    /**
     * What the bridge needs to try {@code draft} (the stored draft, or one sent by the designer) as
     * version n+1 would run: {@code flow}, its {@code library} at their active versions, and
     * {@code messages} (flow id -> locale -> bundle: the draft's, the library versions'). Keycloak's
     * own problems are a 400 before anything is sent.
     */
    static Map<String, Object> tryable(ApiContext context, IoFlowEntity flow, JsonNode draft) {
        Candidate candidate = candidate(context, flow, draft);
        ApiErrors.requireNone(candidate.problems());
        Map<String, Object> messages = new LinkedHashMap<>();
        messages.put(flow.getFlowId(), bundles(context.store().bundles(flow, IoMessageBundleEntity.DRAFT)));
        for (JsonNode called : candidate.library()) {
            String id = called.path("id").asText();
            context.store().flow(context.realm().getId(), id).ifPresent(callee ->
                    messages.put(id, bundles(context.store().bundles(callee, callee.getActiveVersion()))));
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", candidate.definition());
        content.put("library", candidate.library());
        content.put("messages", messages);
        return content;
    }

    private static Map<String, JsonNode> bundles(Map<String, String> byLocale) {
        Map<String, JsonNode> parsed = new LinkedHashMap<>();
        byLocale.forEach((locale, text) -> parsed.put(locale, FlowDefinitions.parse(text, "messages/" + locale)));
        return parsed;
    }

    private static Candidate candidate(ApiContext context, IoFlowEntity flow, JsonNode draft) {
        List<Problem> problems = new ArrayList<>();
        FlowDefinitions.structuralProblems(draft).forEach(problem ->
                problems.add(new Problem(FlowResource.DRAFT + "/" + problem.field(), problem.node(), problem.message())));
        JsonNode permissions = draft.get("permissions");
        if (permissions != null) {
            try {
                Grants.parse(permissions, "permissions");
            } catch (InvalidGrantsException invalid) {
                problems.add(Problem.of(FlowResource.DRAFT + "/permissions", invalid.getMessage()));
            }
        }
        int number = context.store().latestVersionNumber(flow) + 1;
        ObjectNode definition = (ObjectNode) draft.deepCopy();
        definition.put("version", Integer.toString(number));
        return new Candidate(definition, number, library(context, flow.getFlowId(), draft, problems), problems);
    }

    /** The active definitions of every flow the draft calls, transitively; a call to a flow not kept or not active is a problem. */
    private static List<JsonNode> library(ApiContext context, String flowId, JsonNode draft, List<Problem> problems) {
        Map<String, JsonNode> library = new LinkedHashMap<>();
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(draft));
        while (!pending.isEmpty()) {
            JsonNode caller = pending.pop();
            for (String called : FlowDefinitions.calledFlowIds(caller)) {
                if (called.equals(flowId) || library.containsKey(called)) {
                    continue;
                }
                Optional<IoFlowEntity> callee = context.store().flow(context.realm().getId(), called);
                if (callee.isEmpty() || callee.get().getActiveVersion() == null) {
                    problems.add(Problem.of(FlowResource.DRAFT + "/nodes", "calls flow \"" + called + "\", which this realm "
                            + (callee.isEmpty() ? "does not have" : "has not published and activated")));
                    library.put(called, null);
                    continue;
                }
                JsonNode definition = FlowDefinitions.parse(context.store().version(callee.get(), callee.get().getActiveVersion())
                        .orElseThrow().getDefinition(), "definition");
                library.put(called, definition);
                pending.push(definition);
            }
        }
        return library.values().stream().filter(definition -> definition != null).toList();
    }

    /** A bridge issue as a problem: in the candidate, {@code draft/<field>}; in a library flow, {@code library/<path>/<field>}. */
    static Problem problem(String flowId, Verdict.Issue issue) {
        String path = issue.path();
        // The bridge names the candidate "flow" (its input's label), or by its reference.
        boolean inDraft = path == null || path.equals("flow") || path.equals(flowId) || path.startsWith(flowId + "@");
        String field = issue.field() == null ? "" : issue.field();
        return new Problem((inDraft ? FlowResource.DRAFT + "/" : "library/" + path + "/") + field, issue.node(), issue.message());
    }
}
