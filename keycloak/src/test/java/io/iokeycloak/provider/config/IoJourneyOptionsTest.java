package io.iokeycloak.provider.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IoJourneyOptionsTest {

    @Test
    void defaultsFollowTheBridgeUrl() throws Exception {
        IoJourneyOptions options = IoJourneyOptions.resolve(Map.of("bridgeUrl", "http://localhost:3000/", "flow", "kyc")::get);

        assertEquals("http://localhost:3000", options.bridgeUrl());
        assertEquals("http://localhost:3000", options.bridgeIssuer());
        assertEquals("http://localhost:3000/.well-known/jwks.json", options.bridgeJwksUrl());
        assertEquals("http://localhost:3000", options.handoffAudience());
        assertEquals("http://localhost:3000/io/handoff", options.handoffEndpoint());
    }

    @Test
    void explicitValuesWin() throws Exception {
        IoJourneyOptions options = IoJourneyOptions.resolve(Map.of(
                "bridgeUrl", "http://bridge:3000", "flow", "kyc",
                "bridgeIssuer", "https://io.example", "bridgeJwksUrl", "http://bridge:3000/keys",
                "handoffAudience", "io-bridge")::get);

        assertEquals("https://io.example", options.bridgeIssuer());
        assertEquals("http://bridge:3000/keys", options.bridgeJwksUrl());
        assertEquals("io-bridge", options.handoffAudience());
    }

    @Test
    void missingRequiredOptionsAreNamed() {
        assertEquals("bridgeUrl", assertThrows(MissingOptionException.class,
                () -> IoJourneyOptions.resolve(Map.of("flow", "kyc")::get)).option());
        assertEquals("flow", assertThrows(MissingOptionException.class,
                () -> IoJourneyOptions.resolve(Map.of("bridgeUrl", "http://b", "flow", " ")::get)).option());
    }
}
