package io.iokeycloak.provider.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.store.IoConfigStore;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.IoRealmSettingEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a realm's {@link RuntimeSnapshot} from the IO store: one query for the flows, one per flow
 * for its versions, one for the realm's settings (obligation mapping, theme, processor lists).
 */
public final class RuntimeSnapshotLoader {

    private RuntimeSnapshotLoader() {
    }

    public static RuntimeSnapshot load(IoConfigStore store, String realmId, String revision) {
        Map<String, RuntimeFlow> flows = new HashMap<>();
        for (IoFlowEntity flow : store.flows(realmId)) {
            Map<Integer, RuntimeVersion> versions = new HashMap<>();
            for (IoFlowVersionEntity version : store.versions(flow)) {
                versions.put(version.getVersionNumber(), version(flow.getFlowId(), version));
            }
            flows.put(flow.getFlowId(), new RuntimeFlow(flow.getFlowId(), flow.getActiveVersion(), flow.getRolloutVersion(),
                    flow.getRolloutPercentage(), versions));
        }
        Map<String, String> settings = store.settings(realmId);
        Map<String, String> obligationFlows = new LinkedHashMap<>();
        Optional.ofNullable(settings.get(IoRealmSettingEntity.OBLIGATION_FLOWS))
                .map(text -> FlowDefinitions.parse(text, IoRealmSettingEntity.OBLIGATION_FLOWS))
                .ifPresent(mapping -> mapping.properties().forEach(entry -> obligationFlows.put(entry.getKey(), entry.getValue().asText())));
        return new RuntimeSnapshot(revision, flows, obligationFlows, realmSettings(settings));
    }

    /**
     * The theme and processor lists among a realm's stored settings (name -> JSON text), as the
     * admin API wrote them: a theme string, per flow category an array of processor ids. A value of
     * another shape (not written by the API) is left out, so the bridge's own choice applies.
     */
    public static RealmRuntimeSettings realmSettings(Map<String, String> settings) {
        String theme = Optional.ofNullable(settings.get(IoRealmSettingEntity.THEME))
                .map(text -> FlowDefinitions.parse(text, IoRealmSettingEntity.THEME))
                .filter(JsonNode::isTextual).map(JsonNode::asText).orElse(null);
        Map<String, List<String>> processors = new LinkedHashMap<>();
        for (String category : FlowDefinitions.CATEGORIES) {
            String text = settings.get(IoRealmSettingEntity.PROCESSORS_PREFIX + category);
            if (text == null) {
                continue;
            }
            JsonNode list = FlowDefinitions.parse(text, IoRealmSettingEntity.PROCESSORS_PREFIX + category);
            if (!list.isArray()) {
                continue;
            }
            List<String> ids = new ArrayList<>();
            list.forEach(id -> {
                if (id.isTextual()) {
                    ids.add(id.asText());
                }
            });
            processors.put(category, ids);
        }
        return new RealmRuntimeSettings(theme, processors);
    }

    static RuntimeVersion version(String flowId, IoFlowVersionEntity version) {
        return version(new VersionRef(flowId, version.getVersionNumber(), version.getDigest()),
                FlowDefinitions.parse(version.getDefinition(), "definition"));
    }

    /** A version's runtime view from its definition: an absent {@code permissions} grants nothing. */
    public static RuntimeVersion version(VersionRef ref, JsonNode definition) {
        JsonNode permissions = definition.get("permissions");
        Grants grants = Grants.NONE;
        String problem = null;
        if (permissions != null) {
            try {
                grants = Grants.parse(permissions, ref.id() + "@" + ref.version() + ".permissions");
            } catch (InvalidGrantsException invalid) {
                grants = null;
                problem = invalid.getMessage();
            }
        }
        return new RuntimeVersion(ref, grants, problem, List.copyOf(FlowDefinitions.calledFlowIds(definition)));
    }
}
