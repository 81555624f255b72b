package io.iokeycloak.provider.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.store.IoConfigStore;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.IoRealmSettingEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a realm's {@link RuntimeSnapshot} from the IO store: one query for the flows, one per flow for its versions, one for the mapping. */
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
        Map<String, String> obligationFlows = new LinkedHashMap<>();
        store.setting(realmId, IoRealmSettingEntity.OBLIGATION_FLOWS)
                .map(text -> FlowDefinitions.parse(text, IoRealmSettingEntity.OBLIGATION_FLOWS))
                .ifPresent(mapping -> mapping.fields().forEachRemaining(entry -> obligationFlows.put(entry.getKey(), entry.getValue().asText())));
        return new RuntimeSnapshot(revision, flows, obligationFlows);
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
