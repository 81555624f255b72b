package io.iokeycloak.provider.obligation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.UserModel;

import java.time.Instant;
import java.util.List;

/**
 * Keeps {@link SkipState} up to date from applied evidence: an entry with {@code payload.skipped}
 * for an obligation the handoff carried as {@code soft} is one more skip; any other entry of an
 * obligation type the handoff carried fulfilled it, so its skips are forgotten. Obligations of a
 * review (self-service) are never counted: leaving a review is no skip.
 */
public final class ObligationSkips {

    /** Authentication-session note: {@code {type: mode}} of the obligations the login's handoff carried. */
    public static final String HANDED_OFF = "io.obligation_modes";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObligationSkips() {
    }

    /** The note for a handoff of these obligations. */
    public static String note(List<Obligation> obligations) {
        ObjectNode modes = JSON.createObjectNode();
        // A type handed off both ways counts as mandatory: a skip of it was never offered for all of them.
        obligations.forEach(obligation -> {
            if (!Obligation.MANDATORY.equals(modes.path(obligation.type()).asText())) {
                modes.put(obligation.type(), obligation.mode());
            }
        });
        return modes.toString();
    }

    /**
     * @param note    the {@link #HANDED_OFF} note of the handoff the evidence answered; null: none (nothing is recorded)
     * @param entries the evidence's {@code evidence} claim
     */
    public static void record(UserModel user, String note, JsonNode entries, Instant now) {
        if (note == null || entries == null || !entries.isArray()) {
            return;
        }
        JsonNode modes = read(note);
        for (JsonNode entry : entries) {
            String type = entry.path("type").asText();
            if (!modes.has(type)) {
                continue;
            }
            String attribute = SkipState.attribute(type);
            if (entry.path("payload").path("skipped").asBoolean(false)) {
                if (Obligation.SOFT.equals(modes.get(type).asText())) {
                    SkipState before = SkipState.of(user.getAttributeStream(attribute).toList());
                    user.setSingleAttribute(attribute, before.skipped(now).toAttributeValue());
                }
            } else if (user.getFirstAttribute(attribute) != null) {
                user.removeAttribute(attribute);
            }
        }
    }

    // The note is the provider's own, written by note().
    private static JsonNode read(String note) {
        try {
            return JSON.readTree(note);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable note " + HANDED_OFF + ": " + e.getOriginalMessage(), e);
        }
    }
}
