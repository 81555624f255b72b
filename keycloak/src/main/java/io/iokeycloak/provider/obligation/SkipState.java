package io.iokeycloak.provider.obligation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;

/**
 * How often and when a user last skipped a soft obligation of one type: user attribute
 * {@code io_skipped.<type>} = {@code {"count": 2, "at": "2026-05-01T10:00:00Z"}}, kept by the
 * IO journey required action (a skip counts up, fulfilling the obligation removes it).
 *
 * @param skippedAt null when never skipped
 */
public record SkipState(int count, Instant skippedAt) {

    public static final String ATTRIBUTE_PREFIX = "io_skipped.";
    public static final SkipState NONE = new SkipState(0, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String attribute(String type) {
        return ATTRIBUTE_PREFIX + type;
    }

    /** The state an attribute holds; a value that is not one counts as never skipped. */
    public static SkipState of(List<String> values) {
        if (values == null || values.isEmpty() || values.get(0) == null) {
            return NONE;
        }
        try {
            JsonNode node = JSON.readTree(values.get(0));
            if (node == null || !node.path("count").isInt() || node.path("count").asInt() < 0 || !node.path("at").isTextual()) {
                return NONE;
            }
            return new SkipState(node.get("count").asInt(), Instant.parse(node.get("at").asText()));
        } catch (JsonProcessingException | DateTimeException unreadable) {
            return NONE;
        }
    }

    /** One more skip, now. */
    public SkipState skipped(Instant now) {
        return new SkipState(count + 1, now);
    }

    public String toAttributeValue() {
        return JSON.createObjectNode().put("count", count).put("at", skippedAt.toString()).toString();
    }
}
