package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST {bridge}/io/admin/validate}: the body {@code {"flow": ..., "library": [...]}} as the
 * exact bytes sent, and the claims of its {@code io-admin+jwt}, which binds those bytes
 * ({@code body_sha256}) and lives 60 seconds.
 */
public record ValidationRequest(byte[] body, Map<String, Object> claims) {

    public static final String PURPOSE = "validate-flow";
    public static final long LIFETIME_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param subject the admin's user id
     * @param flow    the candidate definition, its {@code version} set
     * @param library the definitions of every library flow it calls, transitively, at their active versions
     */
    public static ValidationRequest of(String issuer, String audience, String subject, long now, String jti,
                                       JsonNode flow, List<JsonNode> library) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", flow);
        content.put("library", library);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parsed JSON trees always serialize", e);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME_SECONDS);
        claims.put("jti", jti);
        claims.put("sub", subject);
        claims.put("purpose", PURPOSE);
        claims.put("body_sha256", sha256Hex(body));
        return new ValidationRequest(body, claims);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
