package io.iokeycloak.provider.evidence;

import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.jose.jwk.JSONWebKeySet;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.JWKSHttpUtils;
import org.keycloak.util.JWKSUtils;

/**
 * Bridge keys from its JWKS URL through Keycloak's public key storage: cached across requests
 * and cluster nodes, reloaded on an unknown kid at most once per the storage's minimum interval
 * ({@code --spi-public-key-storage--infinispan--min-time-between-requests}, 10 s by default).
 * Every key the JWKS publishes stays usable, so a rotated bridge key (new kid, old key still
 * published) does not break logins in flight.
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
        PublicKeyLoader loader = () -> keysOf(JWKSHttpUtils.sendJwksRequest(session, jwksUrl));
        try {
            return storage.getPublicKey(CACHE_KEY_PREFIX + jwksUrl, kid, algorithm, loader);
        } catch (RuntimeException failure) {
            // Logged once by the caller, with the option to check (AdminHints).
            throw new KeySourceUnavailableException("bridge JWKS unreachable at " + jwksUrl + " (" + rootMessage(failure) + ")", failure);
        }
    }

    /**
     * Every signing key of the set; JWKs without "use" count as signing keys (the URL is dedicated to evidence).
     * {@code JWK.Use} is deprecated, but JWKSUtils of Keycloak 26.7 takes no other type.
     */
    @SuppressWarnings("deprecation")
    static PublicKeysWrapper keysOf(JSONWebKeySet jwks) {
        return JWKSUtils.getKeyWrappersForUse(jwks, JWK.Use.SIG, true);
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
