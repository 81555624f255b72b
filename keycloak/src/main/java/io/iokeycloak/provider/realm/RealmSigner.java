package io.iokeycloak.provider.realm;

import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * Signs a JWT with the realm's active key of its default signature algorithm, which must be
 * asymmetric: the bridge verifies against the realm's public JWKS, so a shared-secret (HMAC) key
 * is never usable. The handoff ({@code io-handoff+jwt}) and the admin calls to the bridge
 * ({@code io-admin+jwt}) are both signed here.
 */
public final class RealmSigner {

    private RealmSigner() {
    }

    /** A compact JWS of {@code claims} with header {@code typ} = {@code type} and the key's {@code kid}. */
    public static String sign(KeycloakSession session, RealmModel realm, String type, Map<String, Object> claims) {
        String algorithm = realm.getDefaultSignatureAlgorithm() != null
                ? realm.getDefaultSignatureAlgorithm()
                : Constants.DEFAULT_SIGNATURE_ALGORITHM;
        SignatureProvider signatures = session.getProvider(SignatureProvider.class, algorithm);
        if (signatures == null || !signatures.isAsymmetricAlgorithm()) {
            throw new IllegalStateException("realm default signature algorithm " + algorithm + " is not asymmetric");
        }
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, algorithm);
        // The signer puts the key's kid into the header, so the bridge can pick it from the realm JWKS.
        return new JWSBuilder()
                .type(type)
                .jsonContent(claims)
                .sign(signatures.signer(key));
    }
}
