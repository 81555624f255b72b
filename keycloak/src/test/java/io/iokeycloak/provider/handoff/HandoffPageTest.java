package io.iokeycloak.provider.handoff;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandoffPageTest {

    private static final String ENDPOINT = "https://io.example.com/io/handoff";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";

    @Test
    void postsTheTokenInTheBodyNeverInTheUrl() {
        String html = HandoffPage.html(ENDPOINT, TOKEN, "n0nce");

        assertTrue(html.contains("<form id=\"io-handoff\" method=\"post\" action=\"" + ENDPOINT + "\">"), html);
        assertTrue(html.contains("<input type=\"hidden\" name=\"token\" value=\"" + TOKEN + "\">"), html);
        assertFalse(html.contains("?token="), html);
        assertTrue(html.contains("<button type=\"submit\">Continue</button>"), "a button for browsers without JavaScript");
        assertTrue(html.contains("<script nonce=\"n0nce\">"), html);
    }

    @Test
    void onlyTheNoncedScriptRunsAndTheFormOnlyGoesToTheBridge() {
        Map<String, String> headers = HandoffPage.headers(ENDPOINT, "n0nce");

        assertEquals("default-src 'none'; script-src 'nonce-n0nce'; form-action https://io.example.com; "
                + "base-uri 'none'; frame-ancestors 'none'", headers.get("Content-Security-Policy"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"));
        assertEquals("no-store", headers.get("Cache-Control"));
    }

    @Test
    void keepsTheBridgePortInTheFormActionOrigin() {
        assertEquals("http://127.0.0.1:3000", HandoffPage.origin("http://127.0.0.1:3000/io/handoff"));
    }

    @Test
    void escapesWhatCouldBreakOutOfAnAttribute() {
        String html = HandoffPage.html("https://io.example.com/io/handoff?a=1&b=\"><script>", TOKEN, "n");

        assertTrue(html.contains("action=\"https://io.example.com/io/handoff?a=1&amp;b=&quot;&gt;&lt;script&gt;\""), html);
    }
}
