package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds evidence tokens the way the bridge does, with every header and claim overridable. */
final class TestEvidence {

    static final String BRIDGE = "http://bridge.test";
    static final String REALM_ISSUER = "http://kc.test/realms/demo";
    static final long NOW = 1_800_000_000L;

    static final EvidenceExpectations EXPECTED = new EvidenceExpectations(
            BRIDGE, REALM_ISSUER, "nonce-1", "handoff-jti-1", "tab-1", "web-app", "user-1", "corr-1");

    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, Object> header = new LinkedHashMap<>();
    final Map<String, Object> claims = new LinkedHashMap<>();

    private TestEvidence(String alg, String kid) {
        header.put("alg", alg);
        header.put("kid", kid);
        header.put("typ", "io-evidence+jwt");
        claims.put("iss", BRIDGE);
        claims.put("aud", REALM_ISSUER);
        claims.put("iat", NOW - 10);
        claims.put("exp", NOW + 60);
        claims.put("jti", "evidence-jti-1");
        claims.put("sub", "user-1");
        claims.put("azp", "web-app");
        claims.put("tab_id", "tab-1");
        claims.put("nonce", "nonce-1");
        claims.put("handoff_jti", "handoff-jti-1");
        claims.put("outcome", "success");
        claims.put("evidence", List.of(Map.of("type", "document", "step", "doc", "at", NOW - 20, "payload", Map.of())));
        claims.put("actions", new ArrayList<>(List.of(note("assurance", "high"))));
        claims.put("correlation_id", "corr-1");
    }

    static TestEvidence es256(String kid) {
        return new TestEvidence("ES256", kid);
    }

    static TestEvidence withAlg(String alg, String kid) {
        return new TestEvidence(alg, kid);
    }

    static Map<String, Object> note(String name, String value) {
        Map<String, Object> action = new LinkedHashMap<>();
        action.put("type", "set_session_note");
        action.put("name", name);
        action.put("value", value);
        return action;
    }

    TestEvidence header(String name, Object value) {
        header.put(name, value);
        return this;
    }

    TestEvidence claim(String name, Object value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** Signs with the JCA algorithm matching the JWS alg (ECDSA in JOSE's R||S format). */
    String sign(KeyPair keys) {
        String signingInput = signingInput();
        try {
            Signature signer = Signature.getInstance(jcaName((String) header.get("alg")));
            if (header.get("alg").toString().startsWith("PS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(keys.getPrivate());
            signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token whose signature part is arbitrary bytes (for alg none / HS256). */
    String withSignature(byte[] signature) {
        return signingInput() + "." + b64(signature);
    }

    private String signingInput() {
        try {
            return b64(JSON.writeValueAsBytes(header)) + "." + b64(JSON.writeValueAsBytes(claims));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jcaName(String alg) {
        switch (alg) {
            case "ES256": return "SHA256withECDSAinP1363Format";
            case "RS256": return "SHA256withRSA";
            case "PS256": return "RSASSA-PSS";
            default: throw new IllegalArgumentException(alg);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
