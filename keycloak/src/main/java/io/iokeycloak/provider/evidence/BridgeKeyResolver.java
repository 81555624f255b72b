package io.iokeycloak.provider.evidence;

import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.JWKSHttpUtils;
import org.keycloak.util.JWKSUtils;

/**
 * Bridge keys from its JWKS URL through Keycloak's public key storage: cached across requests,
 * reloaded on an unknown kid at most once per the storage's minimum interval (10 s by default).
 */
public final class BridgeKeyResolver implements KeyResolver {

    private static final String CACHE_KEY_PREFIX = "io-bridge::";

    private final KeycloakSession session;
    private final String jwksUrl;

    public BridgeKeyResolver(KeycloakSession session, String jwksUrl) {
        this.session = session;
        this.jwksUrl = jwksUrl;
    }

    @Override
    public KeyWrapper resolve(String kid, String algorithm) {
        PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
        // JWKs without "use" are accepted as signing keys: the URL is dedicated to evidence signing.
        return storage.getPublicKey(CACHE_KEY_PREFIX + jwksUrl, kid, algorithm,
                () -> JWKSUtils.getKeyWrappersForUse(JWKSHttpUtils.sendJwksRequest(session, jwksUrl), JWK.Use.SIG, true));
    }
}
