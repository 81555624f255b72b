package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.RealmRuntimeSettings;
import io.iokeycloak.provider.runtime.VersionPlan;
import io.iokeycloak.provider.runtime.VersionRef;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claim set of a handoff token (handoff-protocol.md, hop 1, the version 1.1 additions
 * {@code obligations} and {@code correlation_id}, the version 1.2 addition {@code grants}, the
 * version 1.3 additions {@code flow_versions}, each obligation's {@code flow} and
 * {@code realm_settings}). Optional values may be null and are then left out of the token;
 * {@code versions} is null for a legacy handoff (a flow the bridge keeps in its own files);
 * {@code realmSettings} goes into every handoff, versioned or legacy, when the realm set any.
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
        VersionPlan versions,
        Grants grants,
        String correlationId,
        String locale,
        HandoffUser user,
        String returnUri,
        RealmRuntimeSettings realmSettings) {

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
            // A versioned flow is named by its id; flow_versions says which version.
            claims.put("flow", versions != null ? versions.flowVersions().get(0).id() : target.flow());
        } else {
            claims.put("obligations", target.obligations().stream().map(this::obligationJson).toList());
        }
        if (versions != null) {
            claims.put("flow_versions", versions.flowVersions().stream().map(VersionRef::toJson).toList());
        }
        claims.put("grants", grants.toJson());
        claims.put("correlation_id", correlationId);
        putIfPresent(claims, "locale", locale);
        Map<String, Object> userClaims = userJson();
        if (!userClaims.isEmpty()) {
            claims.put("user", userClaims);
        }
        claims.put("return_uri", returnUri);
        Map<String, Object> settings = realmSettings != null ? realmSettings.toJson() : null;
        if (settings != null) {
            claims.put("realm_settings", settings);
        }
        return claims;
    }

    private Map<String, Object> obligationJson(Obligation obligation) {
        Map<String, Object> json = obligation.toJson();
        if (versions != null && versions.obligationFlows().containsKey(obligation.type())) {
            json.put("flow", versions.obligationFlows().get(obligation.type()));
        }
        return json;
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
