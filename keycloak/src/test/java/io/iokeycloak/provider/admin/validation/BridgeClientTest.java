package io.iokeycloak.provider.admin.validation;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP exchange with a bridge stand-in: what is sent, and which answers are verdicts. */
class BridgeClientTest {

    private HttpServer server;
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final AtomicReference<String> answer = new AtomicReference<>("{\"valid\":true,\"issues\":[],\"warnings\":[]}");
    private final AtomicReference<Map<String, Object>> received = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/io/admin/", exchange -> {
            received.set(Map.of("method", exchange.getRequestMethod(), "path", exchange.getRequestURI().getPath(),
                    "authorization", exchange.getRequestHeaders().getFirst("Authorization"),
                    "contentType", exchange.getRequestHeaders().getFirst("Content-Type"),
                    "body", exchange.getRequestBody().readAllBytes()));
            byte[] bytes = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BridgeClient validator() {
        return BridgeClient.configured(Map.of(BridgeClient.BRIDGE_URL, "http://127.0.0.1:" + server.getAddress().getPort() + "/")::get);
    }

    @Test
    void postsTheBodyWithTheBearerTokenAndReadsAValidVerdict() throws Exception {
        byte[] body = "{\"flow\":{},\"library\":[]}".getBytes(StandardCharsets.UTF_8);
        Verdict verdict = BridgeClient.verdict(validator().post("a.b.c", "/io/admin/validate", body));

        assertTrue(verdict.valid());
        assertEquals("POST", received.get().get("method"));
        assertEquals("Bearer a.b.c", received.get().get("authorization"));
        assertEquals("application/json", received.get().get("contentType"));
        assertArrayEquals(body, (byte[]) received.get().get("body"));
    }

    @Test
    void readsTheIssuesAndWarningsOfAnInvalidVerdict() throws Exception {
        answer.set("{\"valid\":false,\"issues\":[{\"path\":\"signup@3\",\"node\":\"ask\",\"field\":\"config/fields\",\"message\":\"required\"}],"
                + "\"warnings\":[{\"path\":\"signup@3\",\"field\":\"links\",\"message\":\"unreachable node\"}]}");
        Verdict verdict = BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0]));

        assertFalse(verdict.valid());
        assertEquals(List.of(new Verdict.Issue("signup@3", "ask", "config/fields", "required")), verdict.issues());
        assertEquals(1, verdict.warnings().size());
        assertEquals(Map.of("path", "signup@3", "node", "ask", "field", "config/fields", "message", "required"),
                verdict.toJson().get("issues") instanceof List<?> issues ? issues.get(0) : null);
    }

    @Test
    void passesOnTheNodePortsTheBridgeComputedAndLeavesOutMalformedEntries() throws Exception {
        answer.set("{\"valid\":true,\"issues\":[],\"warnings\":[],\"nodes\":{\"pick\":{\"ports\":[\"one\",\"default\"]},"
                + "\"done\":{\"ports\":[]},\"odd\":{\"ports\":[1]},\"none\":{}}}");
        Verdict verdict = BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0]));

        assertEquals(Map.of("pick", List.of("one", "default"), "done", List.of()), verdict.nodePorts());
        assertEquals(Map.of("pick", Map.of("ports", List.of("one", "default")), "done", Map.of("ports", List.of())), verdict.toJson().get("nodes"));
    }

    @Test
    void anOlderBridgeWithoutNodePortsAnswersNone() throws Exception {
        answer.set("{\"valid\":true,\"issues\":[],\"warnings\":[]}");
        assertEquals(Map.of(), BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0])).toJson().get("nodes"));
    }

    @Test
    void aRefusedTokenA5xxOrNoVerdictIsTheBridgeBeingUnavailable() {
        status.set(401);
        answer.set("{\"error\":\"admin_token_invalid\"}");
        BridgeUnavailableException refused = assertThrows(BridgeUnavailableException.class, () -> BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0])));
        assertEquals("the bridge answered 401 (admin_token_invalid)", refused.getMessage());

        status.set(502);
        answer.set("<html>bad gateway</html>");
        assertEquals("the bridge answered 502", assertThrows(BridgeUnavailableException.class,
                () -> BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0]))).getMessage());

        status.set(200);
        answer.set("{\"ok\":true}");
        assertThrows(BridgeUnavailableException.class, () -> BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0])));
    }

    @Test
    void aRefusalOfTheRequestItselfIsPassedOnForTheApiToAnswer() throws Exception {
        status.set(404);
        answer.set("{\"error\":\"admin_run_not_found\",\"message\":\"no such test run\"}");
        BridgeAnswer notFound = validator().post("t", "/io/admin/try/run-1", new byte[0]);
        assertEquals(404, notFound.status());
        assertEquals("admin_run_not_found", notFound.error());
        assertEquals("/io/admin/try/run-1", received.get().get("path"));

        status.set(400);
        answer.set("{\"error\":\"admin_request_malformed\",\"fields\":[{\"field\":\"values\",\"message\":\"m\"}]}");
        assertEquals("values", validator().post("t", "/io/admin/try", new byte[0]).body().path("fields").path(0).path("field").asText());

        // A validation has no refusal to pass on: anything but a verdict is the bridge being unavailable.
        assertEquals("the bridge answered 400 (admin_request_malformed)", assertThrows(BridgeUnavailableException.class,
                () -> BridgeClient.verdict(validator().post("t", "/io/admin/validate", new byte[0]))).getMessage());
    }

    @Test
    void anUnreachableBridgeIsUnavailable() {
        int port = server.getAddress().getPort();
        server.stop(0);
        BridgeClient validator = BridgeClient.configured(Map.of(BridgeClient.BRIDGE_URL, "http://127.0.0.1:" + port)::get);
        assertTrue(assertThrows(BridgeUnavailableException.class, () -> validator.post("t", "/io/admin/validate", new byte[0]))
                .getMessage().startsWith("the bridge at http://127.0.0.1:" + port + " is unreachable"));
    }

    @Test
    void aMissingBridgeUrlRefusesBeforeAnythingIsSigned() {
        BridgeClient unconfigured = BridgeClient.configured(name -> null);
        // No session or realm is needed to refuse: nothing is signed or sent.
        BridgeUnavailableException refused = assertThrows(BridgeUnavailableException.class,
                () -> unconfigured.validate(null, null, "admin", null, List.of()));
        assertEquals("the bridge URL is not configured (--spi-admin-realm-restapi-extension--io--bridge-url)", refused.getMessage());
    }

    @Test
    void theAudienceDefaultsToTheBridgeUrl() {
        assertEquals("http://bridge", BridgeClient.configured(Map.of(BridgeClient.BRIDGE_URL, "http://bridge/")::get).audience());
        assertEquals("io-bridge", BridgeClient.configured(Map.of(BridgeClient.BRIDGE_URL, "http://bridge",
                BridgeClient.BRIDGE_AUDIENCE, "io-bridge")::get).audience());
        assertNull(BridgeClient.configured(name -> null).audience());
    }
}
