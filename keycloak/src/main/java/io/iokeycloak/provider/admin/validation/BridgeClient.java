package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.config.BridgeTransport;
import io.iokeycloak.provider.config.InsecureUrlException;
import io.iokeycloak.provider.realm.RealmIssuer;
import io.iokeycloak.provider.realm.RealmSigner;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keycloak's admin calls to the bridge ({@code POST {bridge-url}/io/admin/...}, docs/handoff-protocol.md
 * "Admin calls"): each body with its {@code io-admin+jwt} naming the call's purpose, signed with the
 * realm's active asymmetric key on behalf of the admin. Options (SPI {@code admin-realm-restapi-extension},
 * provider {@code io}): {@code bridge-url} (required) and {@code bridge-audience} (default: the bridge URL).
 */
public final class BridgeClient {

    public static final String TOKEN_TYPE = "io-admin+jwt";
    public static final String BRIDGE_URL = "bridgeUrl";
    public static final String BRIDGE_AUDIENCE = "bridgeAudience";
    static final String BRIDGE_URL_FLAG = "--spi-admin-realm-restapi-extension--io--bridge-url";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bridgeUrl;
    private final String audience;
    private final HttpClient http;

    BridgeClient(String bridgeUrl, String audience) {
        this.bridgeUrl = bridgeUrl;
        this.audience = audience;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param option an SPI option's value by its name ({@link #BRIDGE_URL}, {@link #BRIDGE_AUDIENCE}), or null */
    public static BridgeClient configured(Function<String, String> option) {
        String url = trimmed(option.apply(BRIDGE_URL));
        if (url != null && url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        String audience = trimmed(option.apply(BRIDGE_AUDIENCE));
        return new BridgeClient(url, audience != null ? audience : url);
    }

    /**
     * The bridge's verdict on {@code flow} (its version set) calling {@code library}.
     *
     * @param subject the admin's user id
     */
    public Verdict validate(KeycloakSession session, RealmModel realm, String subject, JsonNode flow, List<JsonNode> library)
            throws BridgeUnavailableException {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", flow);
        content.put("library", library);
        BridgeAnswer answer = call(session, realm, subject, AdminCall.VALIDATE_FLOW, "/io/admin/validate", content);
        return verdict(answer);
    }

    /**
     * One admin call: {@code content} signed for {@code purpose} and posted to {@code path}. Answers the
     * bridge's 200 or its refusal of the request (4xx but 401); anything else is the bridge being
     * unavailable: not configured, plain http the realm forbids, unreachable, slower than 10 s, the
     * token refused (401), a 5xx, or an answer that is not JSON.
     *
     * @param subject the admin's user id
     */
    public BridgeAnswer call(KeycloakSession session, RealmModel realm, String subject, String purpose, String path, Object content)
            throws BridgeUnavailableException {
        if (bridgeUrl == null) {
            throw new BridgeUnavailableException("the bridge URL is not configured (" + BRIDGE_URL_FLAG + ")");
        }
        try {
            BridgeTransport.requireSecure(BRIDGE_URL_FLAG, bridgeUrl, realm.getSslRequired());
        } catch (InsecureUrlException insecure) {
            throw new BridgeUnavailableException(insecure.getMessage(), insecure);
        }
        AdminCall call = AdminCall.of(RealmIssuer.of(session, realm), audience, subject, Time.currentTimeSeconds(), UUID.randomUUID().toString(),
                purpose, content);
        return post(RealmSigner.sign(session, realm, TOKEN_TYPE, call.claims()), path, call.body());
    }

    String audience() {
        return audience;
    }

    /** A validation's answer: only a 200 with a verdict is one. */
    static Verdict verdict(BridgeAnswer answer) throws BridgeUnavailableException {
        if (!answer.ok()) {
            throw new BridgeUnavailableException("the bridge answered " + answer.status() + errorCode(answer));
        }
        try {
            return Verdict.parse(answer.body());
        } catch (IllegalArgumentException malformed) {
            throw new BridgeUnavailableException("the bridge's answer is not a verdict: " + malformed.getMessage(), malformed);
        }
    }

    /** Sends one request and reads its JSON answer. */
    BridgeAnswer post(String token, String path, byte[] body) throws BridgeUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridgeUrl + path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException unreachable) {
            throw new BridgeUnavailableException("the bridge at " + bridgeUrl + " is unreachable: " + unreachable, unreachable);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new BridgeUnavailableException("interrupted while waiting for the bridge", interrupted);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = null;
        }
        int status = response.statusCode();
        if (json == null || !json.isObject() || status == 401 || status >= 500 || (status != 200 && status < 400)) {
            throw new BridgeUnavailableException("the bridge answered " + status
                    + (json != null && json.isObject() ? errorCode(new BridgeAnswer(status, json)) : ""));
        }
        return new BridgeAnswer(status, json);
    }

    /** The bridge's {@code error} code, e.g. {@code admin_token_invalid}, to name in the message. */
    private static String errorCode(BridgeAnswer answer) {
        String error = answer.error();
        return error.matches("[a-z0-9_]{1,64}") ? " (" + error + ")" : "";
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
