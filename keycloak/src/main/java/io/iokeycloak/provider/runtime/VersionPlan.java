package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.grant.Grants;

import java.util.List;
import java.util.Map;

/**
 * The versions a handoff names (protocol 1.3): {@code flowVersions} for the claim
 * {@code flow_versions} (entry 0 the flow to run, or the obligations' flows first, then every
 * library flow they call), {@code obligationFlows} (obligation type -> flow id, each obligation's
 * {@code flow}) and, for a flow, the chosen version's declared {@code permissions} (the grants).
 */
public record VersionPlan(List<VersionRef> flowVersions, Map<String, String> obligationFlows, Grants flowPermissions) {

    /** At most this many entries in {@code flow_versions}. */
    public static final int MAX_ENTRIES = 32;

    public VersionPlan {
        flowVersions = List.copyOf(flowVersions);
        obligationFlows = Map.copyOf(obligationFlows);
    }
}
