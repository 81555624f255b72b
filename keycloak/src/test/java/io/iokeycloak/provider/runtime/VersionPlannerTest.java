package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.error.IoError;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VersionPlannerTest {

    private static final String REALM = "realm-1";

    /** A version whose definition has these permissions (JSON text or null) and call-flow nodes. */
    private static RuntimeVersion version(String id, int number, String permissions, String... calls) {
        StringBuilder nodes = new StringBuilder("[{\"id\":\"end\",\"type\":\"end\"}");
        for (String called : calls) {
            nodes.append(",{\"id\":\"call-").append(called).append("\",\"type\":\"call-flow\",\"config\":{\"flow\":\"").append(called).append("\"}}");
        }
        String definition = "{\"id\":\"" + id + "\",\"nodes\":" + nodes + "]" + (permissions == null ? "" : ",\"permissions\":" + permissions) + "}";
        return RuntimeSnapshotLoader.version(new VersionRef(id, number, "sha-256:" + id + number),
                FlowDefinitions.parse(definition, "definition"));
    }

    private static RuntimeFlow flow(String id, Integer active, Integer rollout, Integer percentage, RuntimeVersion... versions) {
        Map<Integer, RuntimeVersion> byNumber = new HashMap<>();
        for (RuntimeVersion version : versions) {
            byNumber.put(version.ref().version(), version);
        }
        return new RuntimeFlow(id, active, rollout, percentage, byNumber);
    }

    private static RuntimeSnapshot snapshot(Map<String, String> obligationFlows, RuntimeFlow... flows) {
        Map<String, RuntimeFlow> byId = new HashMap<>();
        for (RuntimeFlow flow : flows) {
            byId.put(flow.id(), flow);
        }
        return new RuntimeSnapshot("rev-1", byId, obligationFlows);
    }

    private static List<String> refs(VersionPlan plan) {
        return plan.flowVersions().stream().map(ref -> ref.id() + "@" + ref.version()).toList();
    }

    private static final String NOTE_GRANT = "[{\"type\":\"set_session_note\",\"names\":[\"company\"]}]";

    @Test
    void aFlowTheRealmDoesNotKeepStaysLegacy() throws Exception {
        assertNull(VersionPlanner.plan(snapshot(Map.of()), REALM, JourneyTarget.flow("demo-profile"), "user-a"));
        assertNull(VersionPlanner.plan(snapshot(Map.of()), REALM,
                JourneyTarget.obligations(List.of(new Obligation("require_consent", "soft", Map.of()))), "user-a"));
    }

    @Test
    void theActiveVersionRunsWithItsPermissionsAndEveryFlowItCallsTransitivelyAtTheirActiveVersions() throws Exception {
        RuntimeSnapshot snapshot = snapshot(Map.of(),
                flow("signup", 2, null, null, version("signup", 1, null), version("signup", 2, NOTE_GRANT, "collect-phone", "consent")),
                flow("collect-phone", 3, null, null, version("collect-phone", 3, null, "otp")),
                flow("consent", 1, null, null, version("consent", 1, null, "otp")),
                flow("otp", 5, null, null, version("otp", 4, null), version("otp", 5, null, "signup")));

        VersionPlan plan = VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "user-a");

        assertEquals(List.of("signup@2", "collect-phone@3", "consent@1", "otp@5"), refs(plan), "the callee calling back is listed once");
        assertEquals("sha-256:signup2", plan.flowVersions().get(0).digest());
        assertEquals(Grants.parseJson(NOTE_GRANT, "x").toJson(), plan.flowPermissions().toJson());
        assertEquals(Map.of(), plan.obligationFlows());
    }

    @Test
    void aVersionWithoutPermissionsGrantsNothing() throws Exception {
        RuntimeSnapshot snapshot = snapshot(Map.of(), flow("signup", 1, null, null, version("signup", 1, null)));
        assertEquals(List.of(), VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "u").flowPermissions().list());
    }

    @Test
    void theRolloutSplitsBySubjectBucket() throws Exception {
        // realm-1/signup: user-a is bucket 27, user-b bucket 82 (contract vectors).
        RuntimeSnapshot snapshot = snapshot(Map.of(), flow("signup", 1, 2, 50, version("signup", 1, null), version("signup", 2, null)));
        assertEquals(List.of("signup@2"), refs(VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "user-a")));
        assertEquals(List.of("signup@1"), refs(VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "user-b")));
    }

    @Test
    void aPinnedReferenceRunsExactlyThatVersionNamedByTheFlowsId() throws Exception {
        RuntimeSnapshot snapshot = snapshot(Map.of(), flow("signup", 2, 3, 99, version("signup", 1, null), version("signup", 2, null),
                version("signup", 3, null)));
        assertEquals(List.of("signup@1"), refs(VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup@1"), "user-a")));
        FlowVersionException unknown = assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup@7"), "user-a"));
        assertEquals(IoError.FLOW_NOT_PUBLISHED, unknown.error());
        assertThrows(FlowVersionException.class, () -> VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup@1.0"), "user-a"));
    }

    @Test
    void aKeptFlowWithoutAnActiveVersionFailsClosed() {
        RuntimeSnapshot draftOnly = snapshot(Map.of(), flow("signup", null, null, null));
        FlowVersionException refused = assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(draftOnly, REALM, JourneyTarget.flow("signup"), "user-a"));
        assertEquals(IoError.FLOW_NOT_PUBLISHED, refused.error());
        assertEquals("flow signup has no active version: publish and activate one", refused.getMessage());
    }

    @Test
    void aCalledFlowWithoutAnActiveVersionOrNotKeptFailsClosed() {
        RuntimeSnapshot unpublishedCallee = snapshot(Map.of(), flow("signup", 1, null, null, version("signup", 1, null, "otp")),
                flow("otp", null, null, null));
        assertEquals(IoError.FLOW_NOT_PUBLISHED, assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(unpublishedCallee, REALM, JourneyTarget.flow("signup"), "u")).error());
        RuntimeSnapshot missingCallee = snapshot(Map.of(), flow("signup", 1, null, null, version("signup", 1, null, "otp")));
        assertEquals(IoError.FLOW_NOT_PUBLISHED, assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(missingCallee, REALM, JourneyTarget.flow("signup"), "u")).error());
    }

    @Test
    void unusablePermissionsFailClosed() {
        RuntimeSnapshot snapshot = snapshot(Map.of(), flow("signup", 1, null, null, version("signup", 1, "[{\"type\":\"no_such_action\"}]")));
        FlowVersionException refused = assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "u"));
        assertEquals(IoError.NOT_CONFIGURED, refused.error());
    }

    @Test
    void moreThan32FlowsFailClosed() {
        List<RuntimeFlow> flows = new ArrayList<>();
        List<String> callees = new ArrayList<>();
        for (int i = 0; i < VersionPlan.MAX_ENTRIES; i++) {
            flows.add(flow("lib-" + i, 1, null, null, version("lib-" + i, 1, null)));
            callees.add("lib-" + i);
        }
        flows.add(flow("signup", 1, null, null, version("signup", 1, null, callees.toArray(String[]::new))));
        RuntimeSnapshot snapshot = snapshot(Map.of(), flows.toArray(RuntimeFlow[]::new));
        assertEquals(IoError.NOT_CONFIGURED, assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(snapshot, REALM, JourneyTarget.flow("signup"), "u")).error());
    }

    @Test
    void obligationsWithAMappedFlowNameItAndListItsVersions() throws Exception {
        RuntimeSnapshot snapshot = snapshot(Map.of("require_terms_acceptance", "accept-terms", "require_consent", "accept-terms"),
                flow("accept-terms", 2, 3, 99, version("accept-terms", 2, null, "otp"), version("accept-terms", 3, null)),
                flow("otp", 1, null, null, version("otp", 1, null)));
        JourneyTarget target = JourneyTarget.obligations(List.of(new Obligation("require_terms_acceptance", "mandatory", Map.of()),
                new Obligation("require_consent", "soft", Map.of()), new Obligation("require_attributes", "soft", Map.of())));

        VersionPlan plan = VersionPlanner.plan(snapshot, REALM, target, "user-a");

        assertEquals(List.of("accept-terms@2", "otp@1"), refs(plan), "active versions: a rollout is for the top-level flow only");
        assertEquals(Map.of("require_terms_acceptance", "accept-terms", "require_consent", "accept-terms"), plan.obligationFlows());
        assertNull(plan.flowPermissions());
    }

    @Test
    void aMappedFlowWithoutAnActiveVersionFailsClosed() {
        RuntimeSnapshot snapshot = snapshot(Map.of("require_consent", "consent"), flow("consent", null, null, null));
        JourneyTarget target = JourneyTarget.obligations(List.of(new Obligation("require_consent", "soft", Map.of())));
        assertEquals(IoError.FLOW_NOT_PUBLISHED, assertThrows(FlowVersionException.class,
                () -> VersionPlanner.plan(snapshot, REALM, target, "u")).error());
    }
}
