package io.iokeycloak.provider.runtime;

import java.util.Map;

/**
 * Everything of a realm's IO store a handoff reads, as of one {@link RuntimeRevision}: its flows
 * (by id), the obligation type -> library flow mapping and the realm settings the bridge applies
 * (theme, processor lists). Immutable; shared by the logins of a node.
 */
public record RuntimeSnapshot(String revision, Map<String, RuntimeFlow> flows, Map<String, String> obligationFlows,
                              RealmRuntimeSettings settings) {

    public RuntimeSnapshot {
        flows = Map.copyOf(flows);
        obligationFlows = Map.copyOf(obligationFlows);
        settings = settings != null ? settings : RealmRuntimeSettings.NONE;
    }

    /** A snapshot of a realm without settings of its own. */
    public RuntimeSnapshot(String revision, Map<String, RuntimeFlow> flows, Map<String, String> obligationFlows) {
        this(revision, flows, obligationFlows, RealmRuntimeSettings.NONE);
    }
}
