package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoConfigStore;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The JSON the API shows for flows and versions. */
final class FlowViews {

    /** Never published; published but no version active; a version active (maybe with a rollout). */
    static final String DRAFT = "draft", INACTIVE = "inactive", ACTIVE = "active";

    private FlowViews() {
    }

    static Map<String, Object> summary(IoConfigStore store, IoFlowEntity flow, FlowUsage.Uses uses) {
        Optional<IoFlowVersionEntity> latest = store.versions(flow).stream().findFirst();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flow.getFlowId());
        view.put("name", flow.getName());
        view.put("category", flow.getCategory());
        view.put("status", latest.isEmpty() ? DRAFT : flow.getActiveVersion() == null ? INACTIVE : ACTIVE);
        view.put("activeVersion", flow.getActiveVersion());
        view.put("rollout", rollout(flow));
        view.put("latestVersion", latest.map(IoFlowVersionEntity::getVersionNumber).orElse(null));
        view.put("draftChanged", latest.map(version -> !sameContent(flow.getDraft(), version.getDefinition())).orElse(true));
        view.put("usedBy", uses);
        view.put("createdBy", flow.getCreatedBy());
        view.put("createdAt", flow.getCreatedAt());
        view.put("updatedBy", flow.getUpdatedBy());
        view.put("updatedAt", flow.getUpdatedAt());
        return view;
    }

    static Map<String, Object> detail(IoConfigStore store, IoFlowEntity flow, FlowUsage.Uses uses) {
        Map<String, Object> view = summary(store, flow, uses);
        JsonNode draft = FlowDefinitions.parse(flow.getDraft(), "draft");
        view.put("draft", draft);
        view.put("problems", FlowDefinitions.structuralProblems(draft));
        return view;
    }

    static Map<String, Object> rollout(IoFlowEntity flow) {
        if (flow.getRolloutVersion() == null) {
            return null;
        }
        Map<String, Object> rollout = new LinkedHashMap<>();
        rollout.put("version", flow.getRolloutVersion());
        rollout.put("percentage", flow.getRolloutPercentage());
        return rollout;
    }

    static Map<String, Object> version(IoFlowEntity flow, IoFlowVersionEntity version, boolean withDefinition) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("flow", flow.getFlowId());
        view.put("version", version.getVersionNumber());
        view.put("digest", version.getDigest());
        view.put("author", version.getAuthor());
        view.put("createdAt", version.getCreatedAt());
        view.put("comment", version.getComment());
        view.put("active", Integer.valueOf(version.getVersionNumber()).equals(flow.getActiveVersion()));
        view.put("rolloutPercentage", Integer.valueOf(version.getVersionNumber()).equals(flow.getRolloutVersion()) ? flow.getRolloutPercentage() : null);
        if (withDefinition) {
            view.put("definition", FlowDefinitions.parse(version.getDefinition(), "definition"));
        }
        return view;
    }

    /** The same flow apart from its {@code version} label, which publishing sets. */
    private static boolean sameContent(String draft, String published) {
        JsonNode a = FlowDefinitions.parse(draft, "draft");
        JsonNode b = FlowDefinitions.parse(published, "definition");
        return withoutVersion(a).equals(withoutVersion(b));
    }

    static JsonNode withoutVersion(JsonNode definition) {
        JsonNode copy = definition.deepCopy();
        if (copy.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("version");
        }
        return copy;
    }
}
