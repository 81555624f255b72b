package io.iokeycloak.provider.evidence;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * The JWS algorithms accepted for evidence: asymmetric only, so a leaked or guessed shared secret
 * can never forge evidence and {@code none} is impossible. Verification uses the JDK directly so
 * the checks run without a Keycloak session (and in unit tests).
 */
enum AsymmetricJwsAlgorithm {
    RS256("SHA256withRSA", "RSA", null, 0),
    RS384("SHA384withRSA", "RSA", null, 0),
    RS512("SHA512withRSA", "RSA", null, 0),
    PS256("RSASSA-PSS", "RSA", pss("SHA-256", MGF1ParameterSpec.SHA256, 32), 0),
    PS384("RSASSA-PSS", "RSA", pss("SHA-384", MGF1ParameterSpec.SHA384, 48), 0),
    PS512("RSASSA-PSS", "RSA", pss("SHA-512", MGF1ParameterSpec.SHA512, 64), 0),
    // JWS carries ECDSA signatures as R||S, which is the JDK's "P1363" format.
    ES256("SHA256withECDSAinP1363Format", "EC", null, 256),
    ES384("SHA384withECDSAinP1363Format", "EC", null, 384),
    ES512("SHA512withECDSAinP1363Format", "EC", null, 521),
    EdDSA("EdDSA", "EdDSA", null, 0);

    private final String jcaName;
    private final String keyFamily;
    private final PSSParameterSpec pssParameters;
    private final int ecFieldSize;

    AsymmetricJwsAlgorithm(String jcaName, String keyFamily, PSSParameterSpec pssParameters, int ecFieldSize) {
        this.jcaName = jcaName;
        this.keyFamily = keyFamily;
        this.pssParameters = pssParameters;
        this.ecFieldSize = ecFieldSize;
    }

    static Optional<AsymmetricJwsAlgorithm> fromJwsName(String alg) {
        for (AsymmetricJwsAlgorithm candidate : values()) {
            if (candidate.name().equals(alg)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code key} is of the family (and for ECDSA, the curve size) this algorithm needs. */
    boolean accepts(Key key) {
        switch (this) {
            case RS256: case RS384: case RS512: case PS256: case PS384: case PS512:
                return key instanceof RSAPublicKey;
            case ES256: case ES384: case ES512:
                return key instanceof ECPublicKey ec
                        && ec.getParams().getCurve().getField().getFieldSize() == ecFieldSize;
            case EdDSA:
                return key instanceof PublicKey && isEdwardsKey(key.getAlgorithm());
            default:
                return false;
        }
    }

    boolean verify(PublicKey key, byte[] signedContent, byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(jcaName);
        if (pssParameters != null) {
            verifier.setParameter(pssParameters);
        }
        verifier.initVerify(asJdkKey(key));
        verifier.update(signedContent);
        return verifier.verify(signature);
    }

    /**
     * Keycloak parses JWKS keys with BouncyCastle (an EC key then reports algorithm "ECDSA"), which
     * the JDK's signature engines refuse; re-reading the standard encoding gives a JDK key.
     */
    private PublicKey asJdkKey(PublicKey key) throws GeneralSecurityException {
        return KeyFactory.getInstance(keyFamily).generatePublic(new X509EncodedKeySpec(key.getEncoded()));
    }

    private static boolean isEdwardsKey(String keyAlgorithm) {
        return "EdDSA".equals(keyAlgorithm) || "Ed25519".equals(keyAlgorithm) || "Ed448".equals(keyAlgorithm);
    }

    private static PSSParameterSpec pss(String digest, MGF1ParameterSpec mgfDigest, int saltLength) {
        return new PSSParameterSpec(digest, "MGF1", mgfDigest, saltLength, PSSParameterSpec.TRAILER_FIELD_BC);
    }
}
