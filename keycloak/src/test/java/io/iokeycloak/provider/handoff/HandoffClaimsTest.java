package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.Grant;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.runtime.JourneyTarget;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HandoffClaimsTest {

    private static final Grants GRANTS = new Grants(List.of(new Grant("set_session_note", Map.of("names", List.of("company")))));

    private static HandoffClaims claims(String subject, String locale, HandoffUser user) {
        return claims(subject, locale, user, JourneyTarget.flow("kyc@1"));
    }

    private static HandoffClaims claims(String subject, String locale, HandoffUser user, JourneyTarget target) {
        return new HandoffClaims("http://kc.test/realms/demo", "http://bridge.test", 1000, 1000 + HandoffClaims.LIFETIME_SECONDS,
                "jti-1", subject, "web-app", "demo", "tab-1", "nonce-1", target, null, GRANTS, "corr-1", locale, user,
                "http://kc.test/realms/demo/login-actions/authenticate?session_code=c&execution=e&client_id=web-app&tab_id=tab-1", null);
    }

    @Test
    void containsEveryProtocolClaim() {
        Map<String, Object> json = claims("user-1", "en", new HandoffUser("alice", "alice@example.test", "Alice", "Liddell")).toJson();

        assertEquals(List.of("iss", "aud", "iat", "exp", "jti", "sub", "azp", "realm", "tab_id", "nonce", "flow",
                "grants", "correlation_id", "locale", "user", "return_uri"), List.copyOf(json.keySet()));
        assertEquals(List.of(Map.of("type", "set_session_note", "names", List.of("company"))), json.get("grants"));
        assertEquals("corr-1", json.get("correlation_id"));
        assertEquals("http://kc.test/realms/demo", json.get("iss"));
        assertEquals("http://bridge.test", json.get("aud"));
        assertEquals(1000L, json.get("iat"));
        assertEquals(1120L, json.get("exp"));
        assertEquals("nonce-1", json.get("nonce"));
        assertEquals("kyc@1", json.get("flow"));
        assertEquals(Map.of("username", "alice", "email", "alice@example.test", "given_name", "Alice", "family_name", "Liddell"),
                json.get("user"));
    }

    @Test
    void obligationsReplaceTheFlow() {
        Obligation obligation = new Obligation("require_attributes", "mandatory", Map.of("fields", List.of("company")));
        Map<String, Object> json = claims("user-1", null, null, JourneyTarget.obligations(List.of(obligation))).toJson();

        assertFalse(json.containsKey("flow"));
        assertEquals(List.of(Map.of("type", "require_attributes", "mode", "mandatory",
                "params", Map.of("fields", List.of("company")))), json.get("obligations"));
    }

    @Test
    void aHandoffNamesEitherAFlowOrObligations() {
        assertThrows(IllegalArgumentException.class, () -> new JourneyTarget(null, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new JourneyTarget("kyc",
                List.of(new Obligation("require_consent", "soft", Map.of()))));
    }

    @Test
    void lifetimeStaysWithinTheProtocolLimit() {
        assertFalse(HandoffClaims.LIFETIME_SECONDS > 300);
    }

    @Test
    void unknownOptionalValuesAreLeftOut() {
        Map<String, Object> json = claims(null, null, new HandoffUser("alice", null, "", null)).toJson();

        assertFalse(json.containsKey("sub"));
        assertFalse(json.containsKey("locale"));
        assertEquals(Map.of("username", "alice"), json.get("user"));
        assertFalse(claims(null, null, null).toJson().containsKey("user"));
    }
}
