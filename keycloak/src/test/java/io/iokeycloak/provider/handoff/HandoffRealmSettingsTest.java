package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.RealmRuntimeSettings;
import io.iokeycloak.provider.runtime.VersionPlan;
import io.iokeycloak.provider.runtime.VersionRef;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Protocol 1.3: {@code realm_settings}, only what the realm set, in versioned and legacy handoffs alike. */
class HandoffRealmSettingsTest {

    private static final String DIGEST = "sha-256:" + "b".repeat(64);

    private static Map<String, Object> json(VersionPlan versions, RealmRuntimeSettings settings) {
        return new HandoffClaims("http://kc.test/realms/demo", "http://bridge.test", 1000, 1120, "jti-1", "user-1", "web-app",
                "demo", "tab-1", "nonce-1", JourneyTarget.flow("signup"), versions, Grants.NONE, "corr-1", null, null,
                "http://kc.test/return", settings).toJson();
    }

    @Test
    void aRealmWithoutSettingsSendsNoClaim() {
        assertFalse(json(null, RealmRuntimeSettings.NONE).containsKey("realm_settings"));
        assertFalse(json(null, null).containsKey("realm_settings"));
    }

    @Test
    void onlyWhatTheRealmSetIsSent() {
        assertEquals(Map.of("theme", "example-child"),
                json(null, new RealmRuntimeSettings("example-child", Map.of())).get("realm_settings"));
        assertEquals(Map.of("processors", Map.of("authentication", List.of("rate-limit", "audit"))),
                json(null, new RealmRuntimeSettings(null, Map.of("authentication", List.of("rate-limit", "audit")))).get("realm_settings"));
    }

    @Test
    void versionedAndLegacyHandoffsBothCarryIt() {
        Map<String, List<String>> processors = new LinkedHashMap<>();
        processors.put("authentication", List.of("user-identified", "audit"));
        processors.put("api", List.of());
        RealmRuntimeSettings settings = new RealmRuntimeSettings("dark", processors);
        Map<String, Object> expected = Map.of("theme", "dark", "processors", processors);

        VersionPlan plan = new VersionPlan(List.of(new VersionRef("signup", 1, DIGEST)), Map.of(), Grants.NONE);
        Map<String, Object> versioned = json(plan, settings);
        assertEquals(expected, versioned.get("realm_settings"));
        assertEquals(expected, json(null, settings).get("realm_settings"));
        assertEquals("return_uri", List.copyOf(versioned.keySet()).get(versioned.size() - 2), "after the other claims");
    }
}
