package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.obligation.Obligation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claim set of a handoff token (handoff-protocol.md, hop 1, the version 1.1 additions
 * {@code obligations} and {@code correlation_id}, the version 1.2 addition {@code grants}). Optional values may be null and are then left
 * out of the token.
 */
public record HandoffClaims(
        String issuer,
        String audience,
        long issuedAt,
        long expiresAt,
        String jti,
        String subject,
        String clientId,
        String realm,
        String tabId,
        String nonce,
        JourneyTarget target,
        Grants grants,
        String correlationId,
        String locale,
        HandoffUser user,
        String returnUri) {

    /** Short: the token only covers one auto-submitted form. The protocol allows up to 300 s. */
    public static final long LIFETIME_SECONDS = 120;

    public Map<String, Object> toJson() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("iat", issuedAt);
        claims.put("exp", expiresAt);
        claims.put("jti", jti);
        putIfPresent(claims, "sub", subject);
        claims.put("azp", clientId);
        claims.put("realm", realm);
        claims.put("tab_id", tabId);
        claims.put("nonce", nonce);
        if (target.flow() != null) {
            claims.put("flow", target.flow());
        } else {
            claims.put("obligations", target.obligations().stream().map(Obligation::toJson).toList());
        }
        claims.put("grants", grants.toJson());
        claims.put("correlation_id", correlationId);
        putIfPresent(claims, "locale", locale);
        Map<String, Object> userClaims = userJson();
        if (!userClaims.isEmpty()) {
            claims.put("user", userClaims);
        }
        claims.put("return_uri", returnUri);
        return claims;
    }

    private Map<String, Object> userJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (user != null) {
            putIfPresent(json, "username", user.username());
            putIfPresent(json, "email", user.email());
            putIfPresent(json, "given_name", user.givenName());
            putIfPresent(json, "family_name", user.familyName());
        }
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null && !value.isEmpty()) {
            json.put(name, value);
        }
    }
}
