package io.iokeycloak.provider.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * One consent decision as Keycloak keeps it: user attribute {@code io_consent.<purpose>} =
 * {@code {"granted": true, "version": "2", "at": "2026-05-01T10:00:00Z"}} ({@code version} only
 * when the journey named one). Written by {@code record_consent}, read by the {@code consentMissing}
 * condition.
 *
 * @param version the purpose's version the user decided on; null when none was named
 * @param at      ISO-8601 UTC time of the decision
 */
public record ConsentRecord(boolean granted, String version, String at) {

    public static final String ATTRIBUTE_PREFIX = "io_consent.";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String attribute(String purpose) {
        return ATTRIBUTE_PREFIX + purpose;
    }

    public String toAttributeValue() {
        ObjectNode value = JSON.createObjectNode().put("granted", granted);
        if (version != null) {
            value.put("version", version);
        }
        return value.put("at", at).toString();
    }

    /** The record an attribute value holds; empty when it is not one (absent, or written by something else). */
    public static Optional<ConsentRecord> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(value);
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
        if (node == null || !node.path("granted").isBoolean() || !node.path("at").isTextual()
                || !(node.path("version").isMissingNode() || node.path("version").isTextual())) {
            return Optional.empty();
        }
        return Optional.of(new ConsentRecord(node.get("granted").asBoolean(),
                node.has("version") ? node.get("version").asText() : null, node.get("at").asText()));
    }

    /** Whether this decision answers the purpose at {@code version} (null: any version does). */
    public boolean answers(String version) {
        return version == null || version.equals(this.version);
    }
}
