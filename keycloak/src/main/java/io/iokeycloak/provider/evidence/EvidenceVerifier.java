package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.contract.EvidenceContract;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jws.JWSHeader;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.List;

/**
 * The token checks of hop 2 (handoff-protocol.md, "What the provider checks"), in the documented
 * order. Pure: keys and replay memory are supplied, so it runs without a Keycloak session.
 */
public final class EvidenceVerifier {

    public static final String TOKEN_TYPE = "io-evidence+jwt";
    private static final long CLOCK_TOLERANCE_SECONDS = EvidenceContract.get().clockToleranceSeconds();
    private static final long MAX_LIFETIME_SECONDS = EvidenceContract.get().evidenceMaxLifetimeSeconds();

    private EvidenceVerifier() {
    }

    public static VerifiedEvidence verify(String jwt, KeyResolver keys, EvidenceExpectations expected,
                                          ReplayGuard replayGuard, long nowSeconds) throws EvidenceException {
        // 1. present, compact JWS, typ, asymmetric alg
        if (jwt == null || jwt.isBlank()) {
            throw new EvidenceException(IoError.EVIDENCE_MISSING, "form field io_evidence is missing");
        }
        JWSInput jws = parseCompactJws(jwt.trim());
        JWSHeader header = jws.getHeader();
        if (!TOKEN_TYPE.equals(header.getType())) {
            throw new EvidenceException(IoError.EVIDENCE_BAD_TYPE, "header typ is '" + header.getType() + "'");
        }
        AsymmetricJwsAlgorithm algorithm = AsymmetricJwsAlgorithm.fromJwsName(header.getRawAlgorithm())
                .orElseThrow(() -> new EvidenceException(IoError.EVIDENCE_BAD_ALGORITHM,
                        "header alg '" + header.getRawAlgorithm() + "' is not an accepted asymmetric algorithm"));

        // 2. signature with the bridge key named by kid
        verifySignature(jws, algorithm, keys);

        JsonNode claims = readClaims(jws);
        String correlationId = optionalText(claims, "correlation_id");
        return new ClaimChecks(claims, correlationId).run(expected, replayGuard, nowSeconds);
    }

    private static JWSInput parseCompactJws(String jwt) throws EvidenceException {
        if (jwt.split("\\.", -1).length != 3) {
            throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "not a compact JWS");
        }
        try {
            JWSInput jws = new JWSInput(jwt);
            if (jws.getHeader() == null) {
                throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "no JWS header");
            }
            return jws;
        } catch (JWSInputException | RuntimeException e) {
            throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "not a compact JWS");
        }
    }

    private static void verifySignature(JWSInput jws, AsymmetricJwsAlgorithm algorithm, KeyResolver keys)
            throws EvidenceException {
        String kid = jws.getHeader().getKeyId();
        if (kid == null || kid.isEmpty()) {
            throw new EvidenceException(IoError.EVIDENCE_UNKNOWN_KEY, "header has no kid");
        }
        KeyWrapper key;
        try {
            key = keys.resolve(kid, algorithm.name());
        } catch (KeySourceUnavailableException unavailable) {
            throw new EvidenceException(IoError.EVIDENCE_JWKS_UNREACHABLE, unavailable.getMessage());
        }
        if (key == null || !(key.getPublicKey() instanceof PublicKey publicKey)) {
            throw new EvidenceException(IoError.EVIDENCE_UNKNOWN_KEY, "no bridge key with kid '" + kid + "'");
        }
        // A key published for one algorithm must not verify another (algorithm confusion).
        boolean declaredForOtherAlgorithm = key.getAlgorithm() != null && !key.getAlgorithm().equals(algorithm.name());
        if (declaredForOtherAlgorithm || !algorithm.accepts(publicKey)) {
            throw new EvidenceException(IoError.EVIDENCE_BAD_SIGNATURE,
                    "key '" + kid + "' cannot verify " + algorithm.name());
        }
        byte[] signedContent = jws.getEncodedSignatureInput().getBytes(StandardCharsets.US_ASCII);
        boolean valid;
        try {
            valid = algorithm.verify(publicKey, signedContent, jws.getSignature());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new EvidenceException(IoError.EVIDENCE_BAD_SIGNATURE,
                    "signature could not be checked with key '" + kid + "': " + e);
        }
        if (!valid) {
            throw new EvidenceException(IoError.EVIDENCE_BAD_SIGNATURE, "signature does not verify with key '" + kid + "'");
        }
    }

    private static JsonNode readClaims(JWSInput jws) throws EvidenceException {
        try {
            JsonNode claims = jws.readJsonContent(JsonNode.class);
            if (claims == null || !claims.isObject()) {
                throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "payload is not a JSON object");
            }
            return claims;
        } catch (JWSInputException | RuntimeException e) {
            throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "payload is not a JSON object");
        }
    }

    private static String optionalText(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Checks 3 to 7 on signed claims; every refusal carries the correlation id when present. */
    private static final class ClaimChecks {

        private final JsonNode claims;
        private final String correlationId;

        ClaimChecks(JsonNode claims, String correlationId) {
            this.claims = claims;
            this.correlationId = correlationId;
        }

        VerifiedEvidence run(EvidenceExpectations expected, ReplayGuard replayGuard, long now) throws EvidenceException {
            // 3. issuer and audience
            if (!expected.bridgeIssuer().equals(optionalText(claims, "iss"))) {
                throw fail(IoError.EVIDENCE_WRONG_ISSUER, "iss is '" + optionalText(claims, "iss") + "'");
            }
            if (!audienceContains(expected.realmIssuer())) {
                throw fail(IoError.EVIDENCE_WRONG_AUDIENCE, "aud does not contain the realm issuer");
            }

            // 4. time (contract rule "times")
            long exp = requiredSeconds("exp");
            long iat = requiredSeconds("iat");
            if (now > exp + CLOCK_TOLERANCE_SECONDS) {
                throw fail(IoError.EVIDENCE_EXPIRED, "expired at " + exp);
            }
            if (exp - iat > MAX_LIFETIME_SECONDS) {
                throw fail(IoError.EVIDENCE_LIFETIME_TOO_LONG, "exp - iat = " + (exp - iat) + " s");
            }
            if (iat > now + CLOCK_TOLERANCE_SECONDS) {
                throw fail(IoError.EVIDENCE_INVALID_TIMES, "iat " + iat + " is in the future");
            }
            if (claims.has("nbf") && requiredSeconds("nbf") > now + CLOCK_TOLERANCE_SECONDS) {
                throw fail(IoError.EVIDENCE_INVALID_TIMES, "nbf " + claims.get("nbf").asLong() + " is in the future");
            }

            // A token redeemed before is a replay, whichever login it is posted into.
            String jti = requiredText("jti");
            if (replayGuard.seen(jti)) {
                throw fail(IoError.EVIDENCE_REPLAYED, "jti '" + jti + "' was already used");
            }

            // 5. binding to this login and this handoff
            requireBinding("nonce", expected.nonce());
            requireBinding("tab_id", expected.tabId());
            requireBinding("azp", expected.clientId());
            if (expected.userId() != null) {
                requireBinding("sub", expected.userId());
            } else if (claims.has("sub")) {
                // The handoff named no user, so evidence that names one answers another handoff.
                throw fail(IoError.EVIDENCE_BINDING_MISMATCH, "claim 'sub' for a login that has no user");
            }
            requireBinding("handoff_jti", expected.handoffJti());
            requireBinding("correlation_id", expected.correlationId());

            // 6. single use
            if (!replayGuard.firstUse(jti, exp + CLOCK_TOLERANCE_SECONDS)) {
                throw fail(IoError.EVIDENCE_REPLAYED, "jti '" + jti + "' was already used");
            }

            // 7. outcome and actions
            requireSuccessOutcome();
            JsonNode entries = claims.path("evidence");
            if (!entries.isArray()) {
                throw fail(IoError.EVIDENCE_MALFORMED, "claim 'evidence' must be an array");
            }
            List<EvidenceAction> actions = EvidenceActionParser.parse(claims.get("actions"), correlationId);
            return new VerifiedEvidence(jti, correlationId, entries, actions, EvidenceSummary.of(entries));
        }

        private boolean audienceContains(String audience) {
            JsonNode aud = claims.get("aud");
            if (aud == null) {
                return false;
            }
            if (aud.isTextual()) {
                return aud.asText().equals(audience);
            }
            if (aud.isArray()) {
                for (JsonNode entry : aud) {
                    if (entry.isTextual() && entry.asText().equals(audience)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private long requiredSeconds(String name) throws EvidenceException {
            JsonNode value = claims.get(name);
            if (value == null || !value.isNumber()) {
                throw fail(IoError.EVIDENCE_MALFORMED, "claim '" + name + "' must be a number");
            }
            return value.asLong();
        }

        private String requiredText(String name) throws EvidenceException {
            String value = optionalText(claims, name);
            if (value == null || value.isEmpty()) {
                throw fail(IoError.EVIDENCE_MALFORMED, "claim '" + name + "' must be a non-empty string");
            }
            return value;
        }

        /** A missing expected value (no handoff issued) never matches anything. */
        private void requireBinding(String name, String expectedValue) throws EvidenceException {
            String actual = optionalText(claims, name);
            boolean matches = expectedValue != null && actual != null
                    && MessageDigest.isEqual(expectedValue.getBytes(StandardCharsets.UTF_8),
                                             actual.getBytes(StandardCharsets.UTF_8));
            if (!matches) {
                throw fail(IoError.EVIDENCE_BINDING_MISMATCH, "claim '" + name + "' does not match this login");
            }
        }

        private void requireSuccessOutcome() throws EvidenceException {
            String outcome = requiredText("outcome");
            switch (outcome) {
                case "success":
                    return;
                case "failure":
                case "cancelled":
                    String bridgeError = optionalText(claims, "error");
                    throw new EvidenceException(IoError.EVIDENCE_OUTCOME_FAILURE,
                            "outcome '" + outcome + "', error '" + bridgeError + "'", correlationId, bridgeError);
                default:
                    throw fail(IoError.EVIDENCE_MALFORMED, "unknown outcome '" + outcome + "'");
            }
        }

        private EvidenceException fail(IoError error, String detail) {
            return new EvidenceException(error, detail, correlationId, null);
        }
    }
}
