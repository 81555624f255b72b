package io.iokeycloak.provider.journey;

import com.sun.net.httpserver.HttpServer;
import io.iokeycloak.provider.config.IoJourneyOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeReadinessTest {

    private HttpServer bridge;
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger probes = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final BridgeReadiness readiness = new BridgeReadiness(HttpClient.newHttpClient(), now::get);

    @BeforeEach
    void start() throws IOException {
        bridge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        bridge.createContext("/readyz", exchange -> {
            probes.incrementAndGet();
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        bridge.start();
    }

    @AfterEach
    void stop() {
        bridge.stop(0);
    }

    private IoJourneyOptions options(String bridgeUrl) throws Exception {
        return IoJourneyOptions.resolve(Map.of(IoJourneyOptions.BRIDGE_URL, bridgeUrl, IoJourneyOptions.FLOW, "f")::get);
    }

    private String url() {
        return "http://127.0.0.1:" + bridge.getAddress().getPort();
    }

    @Test
    void probesWhereKeycloakFetchesTheBridgesKeys() throws Exception {
        assertEquals("https://io.example.com/readyz", BridgeReadiness.readinessUrl(options("https://io.example.com/")));
        IoJourneyOptions internal = IoJourneyOptions.resolve(Map.of(IoJourneyOptions.BRIDGE_URL, "https://io.example.com",
                IoJourneyOptions.FLOW, "f", IoJourneyOptions.BRIDGE_JWKS_URL, "http://io.internal:3000/.well-known/jwks.json")::get);
        assertEquals("http://io.internal:3000/readyz", BridgeReadiness.readinessUrl(internal));
        IoJourneyOptions elsewhere = IoJourneyOptions.resolve(Map.of(IoJourneyOptions.BRIDGE_URL, "https://io.example.com",
                IoJourneyOptions.FLOW, "f", IoJourneyOptions.BRIDGE_JWKS_URL, "https://keys.example.com/io.json")::get);
        assertEquals("https://io.example.com/readyz", BridgeReadiness.readinessUrl(elsewhere));
    }

    @Test
    void readyOnlyOn200AndOneProbePerCachePeriod() throws Exception {
        IoJourneyOptions options = options(url());
        assertTrue(readiness.check(options).ready());
        assertNull(readiness.check(options).reason());
        assertEquals(1, probes.get(), "the second login within the period uses the first probe");

        status.set(503);
        now.addAndGet(BridgeReadiness.CACHE_MILLIS - 1);
        assertTrue(readiness.check(options).ready());
        now.addAndGet(1);
        BridgeReadiness.Probe notReady = readiness.check(options);
        assertFalse(notReady.ready());
        assertTrue(notReady.reason().endsWith("/readyz answered 503"), notReady.reason());
        assertEquals(2, probes.get());
    }

    @Test
    void aBridgeThatIsDownIsNotReady() throws Exception {
        IoJourneyOptions options = options(url());
        bridge.stop(0);
        BridgeReadiness.Probe down = readiness.check(options);
        assertFalse(down.ready());
        assertTrue(down.reason().contains("is unreachable"), down.reason());
    }
}
