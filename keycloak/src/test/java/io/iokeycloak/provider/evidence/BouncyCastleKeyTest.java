package io.iokeycloak.provider.evidence;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Inside Keycloak, JWKS keys are BouncyCastle objects (an EC key reports algorithm "ECDSA"), which
 * the JDK's ECDSA engine rejects as "Not an EC key". Found when running against Keycloak 26.7.3.
 */
class BouncyCastleKeyTest {

    @Test
    void evidenceVerifiesWithBouncyCastleParsedEcKey() throws Exception {
        KeyPair pair = TestEvidence.ecKeyPair();
        PublicKey bcKey = KeyFactory.getInstance("ECDSA", new BouncyCastleProvider())
                .generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded()));
        assertEquals("ECDSA", bcKey.getAlgorithm());

        KeyWrapper key = new KeyWrapper();
        key.setKid("ec-1");
        key.setAlgorithm("ES256");
        key.setPublicKey(bcKey);
        VerifiedEvidence evidence = EvidenceVerifier.verify(TestEvidence.es256("ec-1").sign(pair),
                (kid, alg) -> key, TestEvidence.EXPECTED, (jti, exp) -> true, TestEvidence.NOW);
        assertEquals("corr-1", evidence.correlationId());
    }
}
