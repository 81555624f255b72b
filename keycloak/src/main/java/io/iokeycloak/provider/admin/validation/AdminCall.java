package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One admin call to the bridge ({@code POST {bridge}/io/admin/...}): the body as the exact bytes
 * sent, and the claims of its {@code io-admin+jwt}, which names the call's {@code purpose}, binds
 * those bytes ({@code body_sha256}) and lives 60 seconds.
 */
public record AdminCall(byte[] body, Map<String, Object> claims) {

    /** {@code POST /io/admin/validate}: would the bridge run this version? */
    public static final String VALIDATE_FLOW = "validate-flow";
    /** {@code POST /io/admin/try} and {@code /io/admin/try/{runId}}: a test run of a draft. */
    public static final String TRY_FLOW = "try-flow";
    /** {@code POST /io/admin/executions} and {@code /io/admin/funnel}: what the bridge recorded of a flow's journeys. */
    public static final String READ_EXECUTIONS = "read-executions";
    public static final long LIFETIME_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param subject the admin's user id
     * @param content the body, serialized here once: the token signs these very bytes
     */
    public static AdminCall of(String issuer, String audience, String subject, long now, String jti, String purpose, Object content) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin call bodies are JSON trees and maps, which always serialize", e);
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", now);
        claims.put("exp", now + LIFETIME_SECONDS);
        claims.put("jti", jti);
        claims.put("sub", subject);
        claims.put("purpose", purpose);
        claims.put("body_sha256", sha256Hex(body));
        return new AdminCall(body, claims);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
