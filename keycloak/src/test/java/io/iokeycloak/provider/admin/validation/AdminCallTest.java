package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AdminCallTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theTokenBindsTheExactBodyAndLivesSixtySeconds() throws Exception {
        JsonNode flow = JSON.readTree("{\"id\":\"signup\",\"version\":\"3\"}");
        JsonNode library = JSON.readTree("{\"id\":\"collect-phone\",\"version\":\"2\"}");

        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", flow);
        content.put("library", List.of(library));
        AdminCall request = AdminCall.of("http://kc/realms/demo", "http://bridge", "admin-id", 1000, "jti-1", AdminCall.VALIDATE_FLOW, content);

        assertEquals("{\"flow\":{\"id\":\"signup\",\"version\":\"3\"},\"library\":[{\"id\":\"collect-phone\",\"version\":\"2\"}]}",
                new String(request.body(), StandardCharsets.UTF_8));
        assertEquals(List.of("iss", "aud", "iat", "exp", "jti", "sub", "purpose", "body_sha256"), List.copyOf(request.claims().keySet()));
        assertEquals("http://kc/realms/demo", request.claims().get("iss"));
        assertEquals("http://bridge", request.claims().get("aud"));
        assertEquals(1000L, request.claims().get("iat"));
        assertEquals(1060L, request.claims().get("exp"));
        assertEquals("jti-1", request.claims().get("jti"));
        assertEquals("admin-id", request.claims().get("sub"));
        assertEquals("validate-flow", request.claims().get("purpose"));
        assertEquals("try-flow", AdminCall.of("i", "a", "s", 0, "j", AdminCall.TRY_FLOW, Map.of()).claims().get("purpose"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(request.body())), request.claims().get("body_sha256"));
    }
}
