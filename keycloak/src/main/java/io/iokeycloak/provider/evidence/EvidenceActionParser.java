package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the evidence's {@code actions} array into typed actions. The vocabulary is closed: an
 * unknown type or an ill-formed entry refuses the whole evidence (fail closed).
 */
final class EvidenceActionParser {

    static final String SET_SESSION_NOTE = "set_session_note";
    static final Pattern NOTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_NOTE_VALUE_LENGTH = 2048;
    private static final Set<String> SET_SESSION_NOTE_FIELDS = Set.of("type", "name", "value");

    private EvidenceActionParser() {
    }

    static List<EvidenceAction> parse(JsonNode actions, String correlationId) throws EvidenceException {
        if (actions == null || !actions.isArray()) {
            throw new EvidenceException(EvidenceError.MALFORMED, "claim 'actions' must be an array", correlationId, null);
        }
        List<EvidenceAction> parsed = new ArrayList<>();
        for (int index = 0; index < actions.size(); index++) {
            parsed.add(parseOne(actions.get(index), index, correlationId));
        }
        return parsed;
    }

    private static EvidenceAction parseOne(JsonNode action, int index, String correlationId) throws EvidenceException {
        if (!action.isObject() || !action.path("type").isTextual()) {
            throw badAction(index, "must be an object with a string 'type'", correlationId);
        }
        String type = action.get("type").asText();
        if (!SET_SESSION_NOTE.equals(type)) {
            throw new EvidenceException(EvidenceError.UNSUPPORTED_ACTION,
                    "action " + index + " has unsupported type '" + type + "'", correlationId, null);
        }
        for (Iterator<String> fields = action.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!SET_SESSION_NOTE_FIELDS.contains(field)) {
                throw badAction(index, "unexpected field '" + field + "'", correlationId);
            }
        }
        JsonNode name = action.get("name");
        JsonNode value = action.get("value");
        if (name == null || !name.isTextual() || !NOTE_NAME.matcher(name.asText()).matches()) {
            throw badAction(index, "'name' must match " + NOTE_NAME.pattern(), correlationId);
        }
        if (value == null || !value.isTextual() || value.asText().length() > MAX_NOTE_VALUE_LENGTH) {
            throw badAction(index, "'value' must be a string of at most " + MAX_NOTE_VALUE_LENGTH + " characters", correlationId);
        }
        return new SetSessionNote(name.asText(), value.asText());
    }

    private static EvidenceException badAction(int index, String problem, String correlationId) {
        return new EvidenceException(EvidenceError.BAD_ACTION, "action " + index + ": " + problem, correlationId, null);
    }
}
