package io.iokeycloak.provider.runtime;

import java.util.Map;

/**
 * Everything of a realm's IO store a handoff reads, as of one {@link RuntimeRevision}: its flows
 * (by id) and the obligation type -> library flow mapping. Immutable; shared by the logins of a node.
 */
public record RuntimeSnapshot(String revision, Map<String, RuntimeFlow> flows, Map<String, String> obligationFlows) {

    public RuntimeSnapshot {
        flows = Map.copyOf(flows);
        obligationFlows = Map.copyOf(obligationFlows);
    }
}
