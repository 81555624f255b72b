package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.iokeycloak.provider.evidence.TestEvidence.EXPECTED;
import static io.iokeycloak.provider.evidence.TestEvidence.NOW;
import static io.iokeycloak.provider.evidence.TestEvidence.es256;
import static io.iokeycloak.provider.evidence.TestEvidence.note;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvidenceVerifierTest {

    private static KeyPair bridgeEc;
    private static KeyPair bridgeRsa;
    private static KeyPair otherEc;

    @BeforeAll
    static void keys() {
        bridgeEc = TestEvidence.ecKeyPair();
        bridgeRsa = TestEvidence.rsaKeyPair();
        otherEc = TestEvidence.ecKeyPair();
    }

    /** The bridge's JWKS: "ec-1" (ES256), "rsa-1" (RS256), "rsa-any" (RSA without alg). */
    private static final KeyResolver BRIDGE_KEYS = (kid, alg) -> switch (kid) {
        case "ec-1" -> key(kid, "ES256", bridgeEc);
        case "rsa-1" -> key(kid, "RS256", bridgeRsa);
        case "rsa-any" -> key(kid, null, bridgeRsa);
        default -> null;
    };

    private static KeyWrapper key(String kid, String alg, KeyPair pair) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm(alg);
        key.setPublicKey(pair.getPublic());
        return key;
    }

    private static VerifiedEvidence verify(String jwt) throws EvidenceException {
        return EvidenceVerifier.verify(jwt, BRIDGE_KEYS, EXPECTED, new MemoryReplayGuard(), NOW);
    }

    private static void assertRefused(IoError expected, String jwt) {
        EvidenceException refused = assertThrows(EvidenceException.class, () -> verify(jwt));
        assertEquals(expected, refused.error(), refused.getMessage());
    }

    // --- accepted ---

    @Test
    void validEs256EvidenceIsAcceptedWithItsActions() throws Exception {
        VerifiedEvidence evidence = verify(es256("ec-1").sign(bridgeEc));

        assertEquals("evidence-jti-1", evidence.jti());
        assertEquals("corr-1", evidence.correlationId());
        assertEquals(List.of(new SetSessionNote("assurance", "high")), evidence.actions());
        assertEquals("io.assurance", ((SetSessionNote) evidence.actions().get(0)).noteName());
    }

    @Test
    void validRs256AndPs256EvidenceIsAccepted() throws Exception {
        verify(TestEvidence.withAlg("RS256", "rsa-1").sign(bridgeRsa));
        verify(TestEvidence.withAlg("PS256", "rsa-any").sign(bridgeRsa));
    }

    @Test
    void audienceArrayContainingTheRealmIssuerIsAccepted() throws Exception {
        verify(es256("ec-1").claim("aud", List.of("other", TestEvidence.REALM_ISSUER)).sign(bridgeEc));
    }

    @Test
    void expiryWithinClockToleranceIsAccepted() throws Exception {
        verify(es256("ec-1").claim("iat", NOW - 100).claim("exp", NOW - 25).sign(bridgeEc));
    }

    @Test
    void emptyActionsAreAccepted() throws Exception {
        assertEquals(List.of(), verify(es256("ec-1").claim("actions", List.of()).sign(bridgeEc)).actions());
    }

    @Test
    void subIsNotRequiredWhenTheSessionHasNoUser() throws Exception {
        EvidenceExpectations noUser = new EvidenceExpectations(EXPECTED.bridgeIssuer(), EXPECTED.realmIssuer(),
                EXPECTED.nonce(), EXPECTED.handoffJti(), EXPECTED.tabId(), EXPECTED.clientId(), null, EXPECTED.correlationId());
        EvidenceVerifier.verify(es256("ec-1").claim("sub", null).sign(bridgeEc), BRIDGE_KEYS, noUser,
                new MemoryReplayGuard(), NOW);
    }

    @Test
    void subIsRefusedWhenTheSessionHasNoUser() {
        EvidenceExpectations noUser = new EvidenceExpectations(EXPECTED.bridgeIssuer(), EXPECTED.realmIssuer(),
                EXPECTED.nonce(), EXPECTED.handoffJti(), EXPECTED.tabId(), EXPECTED.clientId(), null, EXPECTED.correlationId());
        EvidenceException refused = assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(
                es256("ec-1").sign(bridgeEc), BRIDGE_KEYS, noUser, new MemoryReplayGuard(), NOW));
        assertEquals(IoError.EVIDENCE_BINDING_MISMATCH, refused.error());
    }

    // --- 1. form field, format, typ, alg ---

    @Test
    void missingEvidenceIsRefused() {
        assertRefused(IoError.EVIDENCE_MISSING, null);
        assertRefused(IoError.EVIDENCE_MISSING, "  ");
    }

    @Test
    void nonJwsIsRefused() {
        assertRefused(IoError.EVIDENCE_MALFORMED, "not-a-token");
        assertRefused(IoError.EVIDENCE_MALFORMED, "a.b.c");
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").sign(bridgeEc) + ".extra");
    }

    @Test
    void wrongTypIsRefused() {
        assertRefused(IoError.EVIDENCE_BAD_TYPE, es256("ec-1").header("typ", "io-handoff+jwt").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_TYPE, es256("ec-1").header("typ", "JWT").sign(bridgeEc));
    }

    @Test
    void algNoneIsRefused() {
        assertRefused(IoError.EVIDENCE_BAD_ALGORITHM, es256("ec-1").header("alg", "none").withSignature(new byte[0]));
    }

    @Test
    void hmacIsRefused() {
        assertRefused(IoError.EVIDENCE_BAD_ALGORITHM,
                es256("ec-1").header("alg", "HS256").withSignature("secret".getBytes(StandardCharsets.UTF_8)));
    }

    // --- 2. signature ---

    @Test
    void signatureByAnotherKeyIsRefused() {
        assertRefused(IoError.EVIDENCE_BAD_SIGNATURE, es256("ec-1").sign(otherEc));
    }

    @Test
    void tamperedClaimsAreRefused() {
        String[] parts = es256("ec-1").sign(bridgeEc).split("\\.");
        String forgedClaims = es256("ec-1").claim("sub", "someone-else").withSignature(new byte[0]).split("\\.")[1];
        assertRefused(IoError.EVIDENCE_BAD_SIGNATURE, parts[0] + "." + forgedClaims + "." + parts[2]);
    }

    @Test
    void unknownKidIsRefused() {
        assertRefused(IoError.EVIDENCE_UNKNOWN_KEY, es256("ec-unknown").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_UNKNOWN_KEY, es256(null).sign(bridgeEc));
    }

    @Test
    void keyPublishedForAnotherAlgorithmIsRefused() {
        // RS256-only key presented for PS256, and an RSA key for an ECDSA header.
        assertRefused(IoError.EVIDENCE_BAD_SIGNATURE, TestEvidence.withAlg("PS256", "rsa-1").sign(bridgeRsa));
        assertRefused(IoError.EVIDENCE_BAD_SIGNATURE, es256("rsa-any").sign(bridgeEc));
    }

    // --- 3. issuer and audience ---

    @Test
    void wrongIssuerIsRefused() {
        assertRefused(IoError.EVIDENCE_WRONG_ISSUER, es256("ec-1").claim("iss", "http://evil.test").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_WRONG_ISSUER, es256("ec-1").claim("iss", null).sign(bridgeEc));
    }

    @Test
    void wrongAudienceIsRefused() {
        assertRefused(IoError.EVIDENCE_WRONG_AUDIENCE, es256("ec-1").claim("aud", "http://kc.test/realms/other").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_WRONG_AUDIENCE, es256("ec-1").claim("aud", List.of("other")).sign(bridgeEc));
    }

    // --- 4. time ---

    @Test
    void expiredEvidenceIsRefused() {
        assertRefused(IoError.EVIDENCE_EXPIRED, es256("ec-1").claim("iat", NOW - 100).claim("exp", NOW - 31).sign(bridgeEc));
    }

    @Test
    void lifetimeOverTwoMinutesIsRefused() {
        assertRefused(IoError.EVIDENCE_LIFETIME_TOO_LONG, es256("ec-1").claim("iat", NOW).claim("exp", NOW + 121).sign(bridgeEc));
    }

    @Test
    void iatInTheFutureIsRefused() {
        assertRefused(IoError.EVIDENCE_INVALID_TIMES, es256("ec-1").claim("iat", NOW + 31).claim("exp", NOW + 100).sign(bridgeEc));
    }

    @Test
    void nbfInTheFutureIsRefused() {
        assertRefused(IoError.EVIDENCE_INVALID_TIMES, es256("ec-1").claim("nbf", NOW + 31).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("nbf", "soon").sign(bridgeEc));
    }

    @Test
    void timesWithinTheClockToleranceAreAccepted() throws Exception {
        verify(es256("ec-1").claim("iat", NOW + 30).claim("exp", NOW + 100).claim("nbf", NOW + 30).sign(bridgeEc));
    }

    @Test
    void missingTimesAreRefused() {
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("exp", null).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("iat", "yesterday").sign(bridgeEc));
    }

    // --- 5. binding ---

    @Test
    void bindingMismatchesAreRefused() {
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("nonce", "other").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("tab_id", "tab-2").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("azp", "other-app").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("sub", "user-2").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("handoff_jti", "handoff-jti-2").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("nonce", null).sign(bridgeEc));
    }

    @Test
    void correlationIdMustBeTheOneSentInTheHandoff() {
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("correlation_id", "corr-2").sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("correlation_id", null).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BINDING_MISMATCH, es256("ec-1").claim("correlation_id", 42).sign(bridgeEc));
    }

    @Test
    void refusalsCarryTheCorrelationIdTheBridgeSent() {
        EvidenceException refused = assertThrows(EvidenceException.class,
                () -> verify(es256("ec-1").claim("correlation_id", "corr-2").sign(bridgeEc)));
        assertEquals("corr-2", refused.correlationId());
    }

    @Test
    void evidenceIsRefusedWhenNoHandoffWasIssued() {
        EvidenceExpectations noHandoff = new EvidenceExpectations(EXPECTED.bridgeIssuer(), EXPECTED.realmIssuer(),
                null, null, EXPECTED.tabId(), EXPECTED.clientId(), EXPECTED.userId(), null);
        EvidenceException refused = assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(
                es256("ec-1").sign(bridgeEc), BRIDGE_KEYS, noHandoff, new MemoryReplayGuard(), NOW));
        assertEquals(IoError.EVIDENCE_BINDING_MISMATCH, refused.error());
    }

    // --- 6. single use ---

    @Test
    void secondUseOfTheSameJtiIsRefused() throws Exception {
        MemoryReplayGuard guard = new MemoryReplayGuard();
        String jwt = es256("ec-1").sign(bridgeEc);
        EvidenceVerifier.verify(jwt, BRIDGE_KEYS, EXPECTED, guard, NOW);

        EvidenceException refused = assertThrows(EvidenceException.class,
                () -> EvidenceVerifier.verify(jwt, BRIDGE_KEYS, EXPECTED, guard, NOW));
        assertEquals(IoError.EVIDENCE_REPLAYED, refused.error());
        assertEquals("corr-1", refused.correlationId());
    }

    @Test
    void usedEvidencePostedIntoAnotherLoginIsAReplay() throws Exception {
        MemoryReplayGuard guard = new MemoryReplayGuard();
        String jwt = es256("ec-1").sign(bridgeEc);
        EvidenceVerifier.verify(jwt, BRIDGE_KEYS, EXPECTED, guard, NOW);
        EvidenceExpectations anotherLogin = new EvidenceExpectations(EXPECTED.bridgeIssuer(), EXPECTED.realmIssuer(),
                "nonce-2", "handoff-jti-2", "tab-2", EXPECTED.clientId(), EXPECTED.userId(), "corr-2");

        EvidenceException refused = assertThrows(EvidenceException.class,
                () -> EvidenceVerifier.verify(jwt, BRIDGE_KEYS, anotherLogin, guard, NOW));
        assertEquals(IoError.EVIDENCE_REPLAYED, refused.error());
    }

    @Test
    void missingJtiIsRefused() {
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("jti", null).sign(bridgeEc));
    }

    // --- 7. outcome and actions ---

    @Test
    void failureOutcomeIsRefusedWithTheBridgeErrorCode() {
        String jwt = es256("ec-1").claim("outcome", "failure").claim("error", "flow_failed")
                .claim("actions", List.of()).sign(bridgeEc);
        EvidenceException refused = assertThrows(EvidenceException.class, () -> verify(jwt));
        assertEquals(IoError.EVIDENCE_OUTCOME_FAILURE, refused.error());
        assertEquals("flow_failed", refused.bridgeError());
        assertEquals("corr-1", refused.correlationId());
    }

    @Test
    void cancelledOutcomeIsRefused() {
        assertRefused(IoError.EVIDENCE_OUTCOME_FAILURE,
                es256("ec-1").claim("outcome", "cancelled").claim("error", "user_cancelled").sign(bridgeEc));
    }

    @Test
    void unknownOutcomeIsMalformed() {
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("outcome", "maybe").sign(bridgeEc));
    }

    @Test
    void unknownActionTypeIsRefused() {
        Map<String, Object> grantRole = Map.of("type", "grant_role", "role", "admin");
        assertRefused(IoError.EVIDENCE_UNSUPPORTED_ACTION,
                es256("ec-1").claim("actions", List.of(note("a", "b"), grantRole)).sign(bridgeEc));
    }

    @Test
    void malformedActionsAreRefused() {
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1").claim("actions", List.of(note("bad name", "x"))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1").claim("actions", List.of(note("", "x"))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1").claim("actions", List.of(note("n".repeat(65), "x"))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1").claim("actions", List.of(note("n", "v".repeat(2049)))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1")
                .claim("actions", List.of(Map.of("type", "set_session_note", "name", "n", "value", 42))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1")
                .claim("actions", List.of(Map.of("type", "set_session_note", "name", "n", "value", "v", "user", "x"))).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_BAD_ACTION, es256("ec-1").claim("actions", List.of("set_session_note")).sign(bridgeEc));
    }

    @Test
    void longestAllowedNoteIsAccepted() throws Exception {
        verify(es256("ec-1").claim("actions", List.of(note("N".repeat(64), "v".repeat(2048)))).sign(bridgeEc));
    }

    @Test
    void missingStructuralClaimsAreMalformed() {
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("actions", null).sign(bridgeEc));
        assertRefused(IoError.EVIDENCE_MALFORMED, es256("ec-1").claim("evidence", null).sign(bridgeEc));
    }

    /** In-memory stand-in for Keycloak's single-use object store. */
    private static final class MemoryReplayGuard implements ReplayGuard {
        private final Set<String> used = new HashSet<>();

        @Override
        public boolean firstUse(String jti, long expiresAtSeconds) {
            return used.add(jti);
        }

        @Override
        public boolean seen(String jti) {
            return used.contains(jti);
        }
    }
}
