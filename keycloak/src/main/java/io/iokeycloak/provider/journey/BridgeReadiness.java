package io.iokeycloak.provider.journey;

import io.iokeycloak.provider.config.IoJourneyOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whether the bridge can take a handoff now, asked before the browser is sent there. The handoff is
 * a browser POST: a bridge that is down or not ready would show the user a connection error or a
 * 503 instead of a page of Keycloak's. One {@code GET /readyz} per bridge per {@link #CACHE_MILLIS}
 * on this node (concurrent logins wait for the same probe), with a {@link #TIMEOUT} timeout; 200
 * is ready, anything else (refused, slow, 503) is not.
 *
 * <p>The probe goes where Keycloak already fetches the bridge's keys: the origin and path of
 * {@code bridgeJwksUrl} with {@code /.well-known/jwks.json} replaced by {@code /readyz} (by default
 * {@code {bridgeUrl}/readyz}), so a bridge reached by Keycloak on an internal address is probed
 * there.
 */
public final class BridgeReadiness {

    static final Duration TIMEOUT = Duration.ofMillis(1500);
    static final long CACHE_MILLIS = 3000;
    private static final String JWKS_PATH = "/.well-known/jwks.json";

    private static final BridgeReadiness NODE = new BridgeReadiness(
            HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build(),
            System::currentTimeMillis);

    /** The answer of one probe: ready or not, and why not (for the log and the event). */
    public record Probe(boolean ready, String reason, long at) {
    }

    private final HttpClient http;
    private final LongSupplier clock;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    BridgeReadiness(HttpClient http, LongSupplier clock) {
        this.http = http;
        this.clock = clock;
    }

    /** This Keycloak node's probes, shared by every login. */
    public static BridgeReadiness node() {
        return NODE;
    }

    /** The latest probe of the options' bridge, probing again once the last one is older than {@link #CACHE_MILLIS}. */
    public Probe check(IoJourneyOptions options) {
        String url = readinessUrl(options);
        return probes.compute(url, (key, last) -> last != null && clock.getAsLong() - last.at() < CACHE_MILLIS ? last : probe(url));
    }

    static String readinessUrl(IoJourneyOptions options) {
        String jwks = options.bridgeJwksUrl();
        return jwks.endsWith(JWKS_PATH) ? jwks.substring(0, jwks.length() - JWKS_PATH.length()) + "/readyz" : options.bridgeUrl() + "/readyz";
    }

    private Probe probe(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Probe(status == 200, status == 200 ? null : url + " answered " + status, clock.getAsLong());
        } catch (IOException unreachable) {
            return new Probe(false, url + " is unreachable: " + unreachable, clock.getAsLong());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Probe(false, "interrupted while probing " + url, clock.getAsLong());
        }
    }
}
