package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the versions a handoff names, from a {@link RuntimeSnapshot} alone (no database).
 * A flow the realm does not keep (a file of the bridge's IO_FLOWS_DIR) gives no plan: the handoff
 * stays legacy. A kept flow runs its active version, or its rollout version for the subjects whose
 * {@link RolloutBucket} is below the percentage, or exactly the version a reference {@code id@n}
 * pins; the library flows it calls, transitively, run their active versions.
 */
public final class VersionPlanner {

    private VersionPlanner() {
    }

    /**
     * @param subjectKey the user id, else the authentication session's root id
     * @return the plan, or null for a legacy handoff
     */
    public static VersionPlan plan(RuntimeSnapshot snapshot, String realmId, JourneyTarget target, String subjectKey)
            throws FlowVersionException {
        if (target.flow() != null) {
            RuntimeFlow flow = snapshot.flows().get(FlowDefinitions.flowIdOf(target.flow()));
            if (flow == null) {
                return null;
            }
            RuntimeVersion chosen = chosen(flow, target.flow(), realmId, subjectKey);
            if (chosen.permissions() == null) {
                throw FlowVersionException.notConfigured("flow " + flow.id() + " version " + chosen.ref().version()
                        + " declares unusable permissions: " + chosen.permissionsProblem());
            }
            return new VersionPlan(withCalls(snapshot, List.of(chosen)), Map.of(), chosen.permissions());
        }
        Map<String, String> obligationFlows = new LinkedHashMap<>();
        Map<String, RuntimeVersion> roots = new LinkedHashMap<>();
        for (Obligation obligation : target.obligations()) {
            String flowId = snapshot.obligationFlows().get(obligation.type());
            if (flowId == null) {
                continue;
            }
            obligationFlows.put(obligation.type(), flowId);
            if (!roots.containsKey(flowId)) {
                roots.put(flowId, active(snapshot, flowId, "obligation " + obligation.type() + " maps to flow " + flowId));
            }
        }
        return obligationFlows.isEmpty() ? null : new VersionPlan(withCalls(snapshot, List.copyOf(roots.values())), obligationFlows, null);
    }

    private static RuntimeVersion chosen(RuntimeFlow flow, String reference, String realmId, String subjectKey) throws FlowVersionException {
        int at = reference.indexOf('@');
        if (at < 0) {
            if (flow.activeVersion() == null) {
                throw FlowVersionException.notPublished("flow " + flow.id() + " has no active version: publish and activate one");
            }
            return flow.versions().get(RolloutBucket.choose(realmId, flow, subjectKey));
        }
        String label = reference.substring(at + 1).trim();
        RuntimeVersion pinned = label.matches("[0-9]{1,9}") ? flow.versions().get(Integer.parseInt(label)) : null;
        if (pinned == null) {
            throw FlowVersionException.notPublished("flow " + flow.id() + " has no published version " + label
                    + " (a flow kept in Keycloak is pinned by its version number)");
        }
        return pinned;
    }

    private static RuntimeVersion active(RuntimeSnapshot snapshot, String flowId, String why) throws FlowVersionException {
        RuntimeFlow flow = snapshot.flows().get(flowId);
        if (flow == null || flow.activeVersion() == null) {
            throw FlowVersionException.notPublished(why + ", which " + (flow == null ? "this realm does not keep" : "has no active version"));
        }
        return flow.versions().get(flow.activeVersion());
    }

    /** The roots, then every flow they call (breadth first), each id once. */
    private static List<VersionRef> withCalls(RuntimeSnapshot snapshot, List<RuntimeVersion> roots) throws FlowVersionException {
        Set<String> seen = new LinkedHashSet<>();
        List<VersionRef> refs = new ArrayList<>();
        Deque<RuntimeVersion> pending = new ArrayDeque<>();
        for (RuntimeVersion root : roots) {
            seen.add(root.ref().id());
            pending.add(root);
        }
        while (!pending.isEmpty()) {
            RuntimeVersion version = pending.poll();
            refs.add(version.ref());
            for (String called : version.calls()) {
                if (seen.add(called)) {
                    pending.add(active(snapshot, called, "flow " + version.ref().id() + " version " + version.ref().version()
                            + " calls flow " + called));
                }
            }
        }
        if (refs.size() > VersionPlan.MAX_ENTRIES) {
            throw FlowVersionException.notConfigured("the handoff would name " + refs.size() + " flow versions; at most "
                    + VersionPlan.MAX_ENTRIES + " are allowed");
        }
        return refs;
    }
}
