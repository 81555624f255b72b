package io.iokeycloak.provider.handoff;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hop 1's answer: a small page that POSTs the handoff token to the bridge (field {@code token}),
 * so neither the token nor the personal data in it ever appears in a URL, a log line, the history
 * or a Referer. Self-contained rather than a FreeMarker template: it must work whatever login
 * theme the realm uses, and it shows nothing a themer would want to change. The script that
 * submits the form carries a per-response CSP nonce; browsers without JavaScript get a button.
 */
public final class HandoffPage {

    /** The form field the bridge reads the token from ({@code POST /io/handoff}). */
    public static final String TOKEN_FIELD = "token";

    private HandoffPage() {
    }

    /** The page for {@code endpoint} ({@code {bridgeUrl}/io/handoff}) carrying {@code token}. */
    public static String html(String endpoint, String token, String scriptNonce) {
        return "<!DOCTYPE html>\n"
                + "<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<title>Continue sign-in</title></head>\n"
                + "<body><form id=\"io-handoff\" method=\"post\" action=\"" + escape(endpoint) + "\">"
                + "<input type=\"hidden\" name=\"" + TOKEN_FIELD + "\" value=\"" + escape(token) + "\">"
                + "<p>Your sign-in continues on the next page.</p>"
                + "<button type=\"submit\">Continue</button></form>\n"
                + "<script nonce=\"" + escape(scriptNonce) + "\">document.getElementById('io-handoff').submit();</script>"
                + "</body></html>\n";
    }

    /**
     * The response headers: nothing but the nonce'd script runs, the form can only go to the
     * bridge's origin, the page cannot be framed, cached or leak a Referer.
     */
    public static Map<String, String> headers(String endpoint, String scriptNonce) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + scriptNonce + "'; "
                + "form-action " + origin(endpoint) + "; base-uri 'none'; frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        headers.put("Pragma", "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** HTML attribute escaping; the token is base64url and dots, the URL comes from configuration. */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
