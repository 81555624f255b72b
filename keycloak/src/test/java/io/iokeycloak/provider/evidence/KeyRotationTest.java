package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;

import java.security.KeyPair;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Bridge key rotation at the resolver level: while the bridge publishes both its old and its new
 * key, evidence signed with either verifies, so logins that started before the switch finish.
 * (Caching and the refetch on an unknown kid are Keycloak's PublicKeyStorageProvider; see docs/provider.md.)
 */
class KeyRotationTest {

    private static KeyWrapper jwk(String kid, KeyPair pair) {
        KeyWrapper key = new KeyWrapper();
        key.setKid(kid);
        key.setAlgorithm("ES256");
        key.setUse(KeyUse.SIG);
        key.setPublicKey(pair.getPublic());
        return key;
    }

    /** Looks keys up in the published set the way Keycloak's key storage looks up its cached entry. */
    private static KeyResolver resolverOf(KeyWrapper... keys) {
        PublicKeysWrapper published = new PublicKeysWrapper(List.of(keys));
        return published::getKeyByKidAndAlg;
    }

    @Test
    void bothKeysVerifyWhileBothArePublished() throws Exception {
        KeyPair oldKey = TestEvidence.ecKeyPair();
        KeyPair newKey = TestEvidence.ecKeyPair();
        KeyResolver duringRotation = resolverOf(jwk("bridge-2026-10", oldKey), jwk("bridge-2026-11", newKey));

        String inFlight = TestEvidence.es256("bridge-2026-10").sign(oldKey);
        String afterSwitch = TestEvidence.es256("bridge-2026-11").claim("jti", "evidence-jti-2").sign(newKey);

        assertEquals("evidence-jti-1", EvidenceVerifier.verify(inFlight, duringRotation, TestEvidence.EXPECTED,
                (jti, exp) -> true, TestEvidence.NOW).jti());
        assertEquals("evidence-jti-2", EvidenceVerifier.verify(afterSwitch, duringRotation, TestEvidence.EXPECTED,
                (jti, exp) -> true, TestEvidence.NOW).jti());
    }

    @Test
    void aKeyNoLongerPublishedIsUnknownAndAKeyUnderAnOldKidDoesNotVerify() throws Exception {
        KeyPair oldKey = TestEvidence.ecKeyPair();
        KeyPair newKey = TestEvidence.ecKeyPair();
        KeyResolver afterRotation = resolverOf(jwk("bridge-2026-11", newKey));

        EvidenceException unknown = assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(
                TestEvidence.es256("bridge-2026-10").sign(oldKey), afterRotation, TestEvidence.EXPECTED, (j, e) -> true, TestEvidence.NOW));
        assertEquals(IoError.EVIDENCE_UNKNOWN_KEY, unknown.error());
        EvidenceException forged = assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(
                TestEvidence.es256("bridge-2026-11").sign(oldKey), afterRotation, TestEvidence.EXPECTED, (j, e) -> true, TestEvidence.NOW));
        assertEquals(IoError.EVIDENCE_BAD_SIGNATURE, forged.error());
    }

    @Test
    void anUnreachableJwksIsItsOwnError() {
        KeyResolver down = (kid, alg) -> {
            throw new KeySourceUnavailableException("bridge JWKS unreachable at http://bridge/jwks", new java.io.IOException("refused"));
        };
        EvidenceException refused = assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(
                TestEvidence.es256("k").sign(TestEvidence.ecKeyPair()), down, TestEvidence.EXPECTED, (j, e) -> true, TestEvidence.NOW));
        assertEquals(IoError.EVIDENCE_JWKS_UNREACHABLE, refused.error());
    }
}
