package io.iokeycloak.provider.config;

import org.junit.jupiter.api.Test;
import org.keycloak.common.enums.SslRequired;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BridgeTransportTest {

    @Test
    void httpsIsAlwaysAllowed() {
        for (SslRequired ssl : SslRequired.values()) {
            assertTrue(BridgeTransport.allowed("https://io.example.com", ssl));
            assertTrue(BridgeTransport.allowed("https://127.0.0.1:3000", ssl));
        }
    }

    @Test
    void externalAllowsHttpToLoopbackAndPrivateAddressesOnly() {
        assertTrue(BridgeTransport.allowed("http://127.0.0.1:13000", SslRequired.EXTERNAL));
        assertTrue(BridgeTransport.allowed("http://localhost:3000", SslRequired.EXTERNAL));
        assertTrue(BridgeTransport.allowed("http://[::1]:3000/.well-known/jwks.json", SslRequired.EXTERNAL));
        assertTrue(BridgeTransport.allowed("http://10.1.2.3", SslRequired.EXTERNAL));
        assertTrue(BridgeTransport.allowed("http://192.168.0.7:3000", SslRequired.EXTERNAL));
        assertTrue(BridgeTransport.allowed("http://172.16.0.1", SslRequired.EXTERNAL));

        assertFalse(BridgeTransport.allowed("http://93.184.216.34", SslRequired.EXTERNAL));
        assertFalse(BridgeTransport.allowed("http://io.invalid", SslRequired.EXTERNAL), "an unresolvable name is not local");
    }

    @Test
    void allRefusesEveryPlainHttpUrl() {
        assertFalse(BridgeTransport.allowed("http://127.0.0.1:3000", SslRequired.ALL));
        assertFalse(BridgeTransport.allowed("http://localhost:3000", SslRequired.ALL));
    }

    @Test
    void noneAllowsPlainHttpEverywhere() {
        assertTrue(BridgeTransport.allowed("http://93.184.216.34", SslRequired.NONE));
    }

    @Test
    void otherSchemesAndNonUrlsAreRefused() {
        assertFalse(BridgeTransport.allowed("ftp://127.0.0.1", SslRequired.NONE));
        assertFalse(BridgeTransport.allowed("127.0.0.1:3000", SslRequired.NONE));
        assertFalse(BridgeTransport.allowed("http://", SslRequired.NONE));
        assertFalse(BridgeTransport.allowed("http://exa mple.com", SslRequired.NONE));
    }

    @Test
    void theRefusalNamesTheOptionAndTheRealmSetting() {
        IoJourneyOptions options = new IoJourneyOptions("https://io.example.com", "https://io.example.com",
                "http://93.184.216.34/jwks", "https://io.example.com", "demo");

        InsecureUrlException refused = assertThrows(InsecureUrlException.class,
                () -> BridgeTransport.requireSecure(options, SslRequired.EXTERNAL));
        assertEquals(IoJourneyOptions.BRIDGE_JWKS_URL, refused.option());
        assertTrue(refused.getMessage().contains("http://93.184.216.34/jwks"), refused.getMessage());
        assertTrue(refused.getMessage().contains("(external)"), refused.getMessage());
        assertDoesNotThrow(() -> BridgeTransport.requireSecure(options, SslRequired.NONE));
    }
}
