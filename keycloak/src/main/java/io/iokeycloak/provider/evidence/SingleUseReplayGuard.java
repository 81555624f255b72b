package io.iokeycloak.provider.evidence;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

/** Replay memory in Keycloak's single-use object store, shared by all nodes of the cluster. */
public final class SingleUseReplayGuard implements ReplayGuard {

    private static final String KEY_PREFIX = "io.evidence.";

    private final KeycloakSession session;

    public SingleUseReplayGuard(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean firstUse(String jti, long expiresAtSeconds) {
        long lifespanSeconds = Math.max(1, expiresAtSeconds - Time.currentTimeSeconds());
        return session.singleUseObjects().putIfAbsent(KEY_PREFIX + jti, lifespanSeconds);
    }

    @Override
    public boolean seen(String jti) {
        return session.singleUseObjects().contains(KEY_PREFIX + jti);
    }
}
