package io.iokeycloak.provider.evidence;

/** Remembers evidence ids so each evidence token is redeemed at most once. */
@FunctionalInterface
public interface ReplayGuard {

    /**
     * Records {@code jti} until {@code expiresAtSeconds}.
     *
     * @return true on first use, false if it was already recorded
     */
    boolean firstUse(String jti, long expiresAtSeconds);
}
