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

    /**
     * Whether {@code jti} was already used, without recording it: lets a signed, unexpired token
     * that was redeemed before be reported as a replay (not as a binding mismatch) when it is
     * posted into another login.
     */
    default boolean seen(String jti) {
        return false;
    }
}
