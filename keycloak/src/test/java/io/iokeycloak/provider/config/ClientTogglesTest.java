package io.iokeycloak.provider.admin;

import io.iokeycloak.provider.config.ClientToggles;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientTabValuesTest {

    @Test
    void theTabFormBecomesClientAttributes() {
        ClientTabValues values = ClientTabValues.of(Map.of("ioEnabled", "true", "ioFlow", " onboarding@2 ",
                "clientId", "uuid-1", "realm", "demo", "tab", "io")::get);

        assertEquals("uuid-1", values.clientUuid());
        assertEquals(Map.of("io.enabled", "true", "io.flow", "onboarding@2"), values.clientAttributes());
    }

    @Test
    void anEmptyFlowRemovesTheAttributeAndOffIsFalse() {
        ClientTabValues values = ClientTabValues.of(Map.of("ioFlow", "", "clientId", "uuid-1")::get);
        assertEquals("false", values.clientAttributes().get("io.enabled"));
        assertTrue(values.clientAttributes().containsKey("io.flow"));
        assertNull(values.clientAttributes().get("io.flow"));
    }

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
}
