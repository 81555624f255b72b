package io.iokeycloak.provider.evidence;

/**
 * What a valid evidence token must say for this login.
 *
 * @param bridgeIssuer  expected {@code iss}
 * @param realmIssuer   expected {@code aud} (the realm issuer URL)
 * @param nonce         auth note {@code io.nonce}; null when no handoff was issued
 * @param handoffJti    auth note {@code io.handoff_jti}; null when no handoff was issued
 * @param tabId         the authentication session's tab id
 * @param clientId      the login's client id ({@code azp})
 * @param userId        the session's user id, or null when the session has no user yet
 * @param correlationId auth note {@code io.correlation_id}, generated at handoff; null when no handoff was issued
 */
public record EvidenceExpectations(
        String bridgeIssuer,
        String realmIssuer,
        String nonce,
        String handoffJti,
        String tabId,
        String clientId,
        String userId,
        String correlationId) {
}
