package io.iokeycloak.provider.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTogglesTest {

    @Test
    void clientTogglesDefaultToOff() {
        assertFalse(ClientToggles.of(name -> null).enabled());
        assertFalse(ClientToggles.of(Map.of("io.enabled", "yes")::get).enabled());
        assertTrue(ClientToggles.of(Map.of("io.enabled", "TRUE")::get).enabled());
    }

    @Test
    void theClientFlowOverridesTheExecutionFlow() {
        Map<String, String> execution = new HashMap<>(Map.of("flow", "default-flow", "bridgeUrl", "http://b"));
        assertEquals("client-flow", ClientToggles.of(Map.of("io.flow", "client-flow")::get).overriding(execution::get).apply("flow"));
        assertEquals("default-flow", ClientToggles.of(Map.of("io.flow", " ")::get).overriding(execution::get).apply("flow"));
        assertEquals("http://b", ClientToggles.of(Map.of("io.flow", "x")::get).overriding(execution::get).apply("bridgeUrl"));
    }

    @Test
    void theClientPicksItsSignInJourneyOnlyNotTheRegistrationOrRecoveryOne() {
        Map<String, String> execution = Map.of("flow", "partner-signup");
        Map<String, String> client = Map.of("io.enabled", "true", "io.flow", "demo-profile");
        assertEquals("demo-profile", ClientToggles.of("authenticate", client::get).overriding(execution::get).apply("flow"));
        for (String path : new String[] {"registration", "reset-credentials", "first-broker-login"}) {
            assertEquals("partner-signup", ClientToggles.of(path, client::get).overriding(execution::get).apply("flow"), path);
        }
    }
}
