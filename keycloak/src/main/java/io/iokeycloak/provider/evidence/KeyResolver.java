package io.iokeycloak.provider.evidence;

import org.keycloak.crypto.KeyWrapper;

/** Looks up the bridge's public verification key named by a JWS header. */
@FunctionalInterface
public interface KeyResolver {

    /** @return the key, or null when the bridge publishes no key with this kid */
    KeyWrapper resolve(String kid, String algorithm);
}
