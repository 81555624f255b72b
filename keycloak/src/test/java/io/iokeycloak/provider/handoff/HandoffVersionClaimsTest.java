package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.Grant;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.VersionPlan;
import io.iokeycloak.provider.runtime.VersionRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Protocol 1.3: {@code flow_versions}, the flow named by its id, each obligation's {@code flow}, grants from the version. */
class HandoffVersionClaimsTest {

    private static final String DIGEST = "sha-256:" + "a".repeat(64);
    private static final Grants VERSION_GRANTS = new Grants(List.of(new Grant("record_terms_acceptance", Map.of())));

    private static Map<String, Object> json(JourneyTarget target, VersionPlan versions, Grants grants) {
        return new HandoffClaims("http://kc.test/realms/demo", "http://bridge.test", 1000, 1120, "jti-1", "user-1", "web-app",
                "demo", "tab-1", "nonce-1", target, versions, grants, "corr-1", null, null, "http://kc.test/return", null).toJson();
    }

    @Test
    void aVersionedFlowIsNamedByItsIdAndListsItsVersionsAfterIt() throws Exception {
        VersionPlan plan = new VersionPlan(List.of(new VersionRef("signup", 3, DIGEST), new VersionRef("collect-phone", 2, DIGEST)),
                Map.of(), VERSION_GRANTS);
        Map<String, Object> json = json(JourneyTarget.flow("signup@3"), plan, HandoffGrants.of(JourneyTarget.flow("signup@3"), plan, null));

        assertEquals(List.of("iss", "aud", "iat", "exp", "jti", "sub", "azp", "realm", "tab_id", "nonce", "flow", "flow_versions",
                "grants", "correlation_id", "return_uri"), List.copyOf(json.keySet()));
        assertEquals("signup", json.get("flow"));
        assertEquals(List.of(Map.of("id", "signup", "version", 3, "digest", DIGEST),
                Map.of("id", "collect-phone", "version", 2, "digest", DIGEST)), json.get("flow_versions"));
        assertEquals(List.of(Map.of("type", "record_terms_acceptance")), json.get("grants"));
    }

    @Test
    void theVersionsPermissionsAreTheGrantsNotTheRealmAttribute() throws Exception {
        VersionPlan plan = new VersionPlan(List.of(new VersionRef("signup", 1, DIGEST)), Map.of(), Grants.NONE);
        String attribute = "{\"signup\": [{\"type\": \"set_session_note\", \"names\": [\"company\"]}]}";

        assertEquals(Grants.NONE.toJson(), HandoffGrants.of(JourneyTarget.flow("signup"), plan, attribute).toJson());
        assertEquals(List.of(Map.of("type", "set_session_note", "names", List.of("company"))),
                HandoffGrants.of(JourneyTarget.flow("signup"), null, attribute).toJson(), "legacy: io.flowPermissions");
    }

    @Test
    void obligationsCarryTheirMappedFlowAndKeepTheirContractGrants() throws Exception {
        Obligation terms = new Obligation("require_terms_acceptance", "mandatory", Map.of("version", "2026-10"));
        Obligation attributes = new Obligation("require_attributes", "soft", Map.of("fields", List.of("company")));
        JourneyTarget target = JourneyTarget.obligations(List.of(terms, attributes));
        VersionPlan plan = new VersionPlan(List.of(new VersionRef("accept-terms", 4, DIGEST)),
                Map.of("require_terms_acceptance", "accept-terms"), null);
        Map<String, Object> json = json(target, plan, HandoffGrants.of(target, plan, null));

        assertFalse(json.containsKey("flow"));
        assertEquals(List.of(
                Map.of("type", "require_terms_acceptance", "mode", "mandatory", "params", Map.of("version", "2026-10"), "flow", "accept-terms"),
                Map.of("type", "require_attributes", "mode", "soft", "params", Map.of("fields", List.of("company")))), json.get("obligations"));
        assertEquals(List.of(Map.of("id", "accept-terms", "version", 4, "digest", DIGEST)), json.get("flow_versions"));
        assertEquals(terms.grants().plus(attributes.grants()).toJson(), json.get("grants"));
    }

    @Test
    void aLegacyHandoffHasNoVersions() {
        Map<String, Object> json = json(JourneyTarget.flow("kyc@1"), null, Grants.NONE);

        assertEquals("kyc@1", json.get("flow"));
        assertFalse(json.containsKey("flow_versions"));
    }
}
