package io.iokeycloak.provider.admin.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.config.BridgeTransport;
import io.iokeycloak.provider.config.InsecureUrlException;
import io.iokeycloak.provider.journey.RealmIssuer;
import io.iokeycloak.provider.journey.RealmSigner;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Asks the bridge to validate a flow before it is published: {@code POST {bridge-url}/io/admin/validate}
 * with a {@link ValidationRequest} body and its {@code io-admin+jwt}, signed with the realm's active
 * asymmetric key. Options (SPI {@code admin-realm-restapi-extension}, provider {@code io}):
 * {@code bridge-url} (required to publish) and {@code bridge-audience} (default: the bridge URL).
 */
public final class BridgeValidator {

    public static final String TOKEN_TYPE = "io-admin+jwt";
    public static final String BRIDGE_URL = "bridgeUrl";
    public static final String BRIDGE_AUDIENCE = "bridgeAudience";
    static final String BRIDGE_URL_FLAG = "--spi-admin-realm-restapi-extension--io--bridge-url";
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bridgeUrl;
    private final String audience;
    private final HttpClient http;

    BridgeValidator(String bridgeUrl, String audience) {
        this.bridgeUrl = bridgeUrl;
        this.audience = audience;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @param option an SPI option's value by its name ({@link #BRIDGE_URL}, {@link #BRIDGE_AUDIENCE}), or null */
    public static BridgeValidator configured(Function<String, String> option) {
        String url = trimmed(option.apply(BRIDGE_URL));
        if (url != null && url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        String audience = trimmed(option.apply(BRIDGE_AUDIENCE));
        return new BridgeValidator(url, audience != null ? audience : url);
    }

    /**
     * The bridge's verdict on {@code flow} (its version set) calling {@code library}.
     *
     * @param subject the admin's user id
     */
    public Verdict validate(KeycloakSession session, RealmModel realm, String subject, JsonNode flow, List<JsonNode> library)
            throws BridgeUnavailableException {
        if (bridgeUrl == null) {
            throw new BridgeUnavailableException("the bridge URL is not configured (" + BRIDGE_URL_FLAG + ")");
        }
        try {
            BridgeTransport.requireSecure(BRIDGE_URL_FLAG, bridgeUrl, realm.getSslRequired());
        } catch (InsecureUrlException insecure) {
            throw new BridgeUnavailableException(insecure.getMessage(), insecure);
        }
        ValidationRequest request = ValidationRequest.of(RealmIssuer.of(session, realm), audience, subject,
                Time.currentTime(), UUID.randomUUID().toString(), flow, library);
        return post(RealmSigner.sign(session, realm, TOKEN_TYPE, request.claims()), request.body());
    }

    String audience() {
        return audience;
    }

    /** Sends one request; anything but a 200 with a verdict is the bridge being unavailable. */
    Verdict post(String token, byte[] body) throws BridgeUnavailableException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(bridgeUrl + "/io/admin/validate"))
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
        if (response.statusCode() != 200) {
            throw new BridgeUnavailableException("the bridge answered " + response.statusCode() + errorCode(response.body()));
        }
        try {
            return Verdict.parse(JSON.readTree(response.body()));
        } catch (IOException | IllegalArgumentException malformed) {
            throw new BridgeUnavailableException("the bridge's answer is not a verdict: " + malformed.getMessage(), malformed);
        }
    }

    /** The bridge's {@code error} code, e.g. {@code admin_token_invalid}, to name in the message. */
    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isTextual() && error.asText().matches("[a-z0-9_]{1,64}") ? " (" + error.asText() + ")" : "";
        } catch (IOException notJson) {
            return "";
        }
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
