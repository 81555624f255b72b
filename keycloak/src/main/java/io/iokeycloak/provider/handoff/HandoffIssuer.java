package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.session.IoAuthNotes;
import io.iokeycloak.provider.realm.RealmIssuer;
import io.iokeycloak.provider.realm.RealmSigner;
import io.iokeycloak.provider.runtime.RealmRuntimeSettings;
import io.iokeycloak.provider.runtime.VersionPlan;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.common.util.Time;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;

/**
 * Hop 1: stores the binding notes, signs the handoff with the realm's active asymmetric key and
 * answers with the page that POSTs it to the bridge.
 */
public final class HandoffIssuer {

    public static final String TOKEN_TYPE = "io-handoff+jwt";
    private static final SecureRandom RANDOM = new SecureRandom();

    private HandoffIssuer() {
    }

    /** The page to answer with, and the correlation id the evidence must carry back. */
    public record Handoff(Response response, String correlationId) {
    }

    /**
     * @param returnUri     Keycloak's login-actions URL for the current execution
     * @param realmSettings the realm's theme and processor lists, from the runtime snapshot
     */
    public static Handoff handOff(KeycloakSession session, AuthenticationSessionModel authSession, UserModel user,
                                  IoJourneyOptions options, JourneyTarget target, VersionPlan versions, Grants grants,
                                  URI returnUri, RealmRuntimeSettings realmSettings) {
        RealmModel realm = authSession.getRealm();
        String nonce = newNonce();
        String jti = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        authSession.setAuthNote(IoAuthNotes.NONCE, nonce);
        authSession.setAuthNote(IoAuthNotes.HANDOFF_JTI, jti);
        authSession.setAuthNote(IoAuthNotes.CORRELATION_ID, correlationId);
        authSession.setAuthNote(IoAuthNotes.GRANTS, grants.toJsonString());

        long now = Time.currentTimeSeconds();
        authSession.setAuthNote(IoAuthNotes.HANDOFF_IAT, Long.toString(now));
        HandoffClaims claims = new HandoffClaims(
                RealmIssuer.of(session, realm),
                options.handoffAudience(),
                now,
                now + HandoffClaims.LIFETIME_SECONDS,
                jti,
                user != null ? user.getId() : null,
                authSession.getClient().getClientId(),
                realm.getName(),
                authSession.getTabId(),
                nonce,
                target,
                versions,
                grants,
                correlationId,
                locale(session, user),
                user != null ? new HandoffUser(user.getUsername(), user.getEmail(), user.getFirstName(), user.getLastName()) : null,
                returnUri.toString(),
                realmSettings);

        return new Handoff(postToBridge(session, options.handoffEndpoint(), RealmSigner.sign(session, realm, TOKEN_TYPE, claims.toJson())), correlationId);
    }

    /**
     * The self-submitting form page (HTTP 200) that carries the token to the bridge in a POST body.
     * Its headers are complete and stricter than the realm's browser security headers, which
     * Keycloak would otherwise put over them (its CSP would block the nonce'd script).
     */
    private static Response postToBridge(KeycloakSession session, String endpoint, String token) {
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        String scriptNonce = newNonce();
        Response.ResponseBuilder page = Response.ok(HandoffPage.html(endpoint, token, scriptNonce), MediaType.TEXT_HTML_TYPE.withCharset("utf-8"));
        HandoffPage.headers(endpoint, scriptNonce).forEach(page::header);
        return page.build();
    }

    private static String newNonce() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String locale(KeycloakSession session, UserModel user) {
        Locale locale = session.getContext().resolveLocale(user);
        return locale != null ? locale.toLanguageTag() : null;
    }
}
