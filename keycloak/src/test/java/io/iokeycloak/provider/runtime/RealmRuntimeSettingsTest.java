package io.iokeycloak.provider.runtime;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot's realm settings, read from the stored settings as the admin API writes them. */
class RealmRuntimeSettingsTest {

    @Test
    void themeAndListsInCategoryOrder() {
        RealmRuntimeSettings settings = RuntimeSnapshotLoader.realmSettings(Map.of(
                "theme", "\"example-child\"",
                "processors/api", "[\"audit\"]",
                "processors/authentication", "[\"rate-limit\",\"user-identified\",\"audit\"]",
                "obligation-flows", "{\"require_terms_acceptance\":\"accept-terms\"}"));
        assertEquals("example-child", settings.theme());
        assertEquals(List.of("authentication", "api"), List.copyOf(settings.processors().keySet()));
        assertEquals(List.of("rate-limit", "user-identified", "audit"), settings.processors().get("authentication"));
    }

    @Test
    void anEmptyListIsASettingToo() {
        RealmRuntimeSettings settings = RuntimeSnapshotLoader.realmSettings(Map.of("processors/custom", "[]"));
        assertEquals(Map.of("processors", Map.of("custom", List.of())), settings.toJson());
    }

    @Test
    void nothingSetIsNothingSent() {
        RealmRuntimeSettings settings = RuntimeSnapshotLoader.realmSettings(Map.of("obligation-flows", "{}"));
        assertTrue(settings.isEmpty());
        assertNull(settings.toJson());
    }

    @Test
    void valuesOfAnotherShapeAndUnknownCategoriesAreLeftOut() {
        RealmRuntimeSettings settings = RuntimeSnapshotLoader.realmSettings(Map.of(
                "theme", "42", "processors/admin", "{\"x\":1}", "processors/nonsense", "[\"audit\"]"));
        assertTrue(settings.isEmpty());
    }
}
