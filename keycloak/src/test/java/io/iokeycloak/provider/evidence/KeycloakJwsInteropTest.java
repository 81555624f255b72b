package io.iokeycloak.provider.evidence;

import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens encoded by Keycloak's own JWSBuilder (as the handoff is) pass the same header checks. */
class KeycloakJwsInteropTest {

    @Test
    void jwsBuilderTokenWithEs256SignerVerifies() throws Exception {
        KeyPair pair = TestEvidence.ecKeyPair();
        Map<String, Object> claims = new LinkedHashMap<>(TestEvidence.es256("unused").claims);

        String jwt = new JWSBuilder().type(EvidenceVerifier.TOKEN_TYPE).jsonContent(claims).sign(new Es256Signer("kc-1", pair));

        KeyWrapper key = new KeyWrapper();
        key.setKid("kc-1");
        key.setAlgorithm("ES256");
        key.setPublicKey(pair.getPublic());
        VerifiedEvidence evidence = EvidenceVerifier.verify(jwt, (kid, alg) -> "kc-1".equals(kid) ? key : null,
                TestEvidence.EXPECTED, (jti, exp) -> true, TestEvidence.NOW);
        assertEquals("corr-1", evidence.correlationId());
    }

    /** What Keycloak's ECDSA signer produces: JOSE R||S signatures, kid from the key. */
    private record Es256Signer(String kid, KeyPair pair) implements SignatureSignerContext {
        @Override
        public String getKid() {
            return kid;
        }

        @Override
        public String getAlgorithm() {
            return "ES256";
        }

        @Override
        public String getHashAlgorithm() {
            return "SHA-256";
        }

        @Override
        public byte[] sign(byte[] data) {
            try {
                Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
                signer.initSign(pair.getPrivate());
                signer.update(data);
                return signer.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
