package io.iokeycloak.provider.config;

import org.keycloak.common.enums.SslRequired;

import java.net.URI;
import java.util.Locale;

/**
 * Whether the browser may be sent to, and the bridge's keys fetched from, a URL: https always;
 * plain http only where the realm's own {@code sslRequired} would let a client talk to Keycloak
 * over http from that host (Keycloak's convention: {@code none} allows every host,
 * {@code external} loopback and private addresses, {@code all} none).
 */
public final class BridgeTransport {

    private BridgeTransport() {
    }

    /** @throws InsecureUrlException naming the first option ({@code bridgeUrl}, {@code bridgeJwksUrl}) that is refused */
    public static void requireSecure(IoJourneyOptions options, SslRequired sslRequired) throws InsecureUrlException {
        requireSecure(IoJourneyOptions.BRIDGE_URL, options.bridgeUrl(), sslRequired);
        requireSecure(IoJourneyOptions.BRIDGE_JWKS_URL, options.bridgeJwksUrl(), sslRequired);
    }

    public static void requireSecure(String option, String url, SslRequired sslRequired) throws InsecureUrlException {
        if (!allowed(url, sslRequired)) {
            throw new InsecureUrlException(option, url, sslRequired.name().toLowerCase(Locale.ROOT));
        }
    }

    static boolean allowed(String url, SslRequired sslRequired) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException notAUrl) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        // An IPv6 literal comes as [::1]; SslRequired wants the bare address.
        String host = uri.getHost() == null ? null : uri.getHost().replaceAll("^\\[|]$", "");
        return scheme.equals("http") && host != null && !(sslRequired == null ? SslRequired.ALL : sslRequired).isRequired(host);
    }
}
