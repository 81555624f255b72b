package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the evidence's {@code actions} array into typed actions. The vocabulary is closed: an
 * unknown type or an ill-formed entry refuses the whole evidence (fail closed). Only the shape is
 * checked here; whether Keycloak accepts the values is {@link ActionPlan}'s job.
 */
final class EvidenceActionParser {

    static final String SET_SESSION_NOTE = "set_session_note";
    static final String SET_USER_ATTRIBUTES = "set_user_attributes";
    static final String MARK_EMAIL_VERIFIED = "mark_email_verified";
    static final String ADD_REQUIRED_ACTION = "add_required_action";
    static final String REMOVE_REQUIRED_ACTION = "remove_required_action";
    static final String RECORD_TERMS_ACCEPTANCE = "record_terms_acceptance";
    static final String RECORD_CONSENT = "record_consent";
    static final String RAISE_ACR = "raise_acr";
    static final String SIGN_IN_USER = "sign_in_user";
    static final String IDENTIFY_USER = "identify_user";

    static final Pattern NOTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,255}");
    static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_NOTE_VALUE_LENGTH = 2048;
    static final int MAX_ATTRIBUTE_VALUE_LENGTH = 2048;
    static final int MAX_ATTRIBUTE_VALUES = 32;
    static final int MAX_VERSION_LENGTH = 64;
    /** A consent purpose's version. */
    static final Pattern PURPOSE_VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Fields each action type may carry, besides {@code type}. */
    static final Map<String, Set<String>> FIELDS = Map.of(
            SET_SESSION_NOTE, Set.of("name", "value"),
            SET_USER_ATTRIBUTES, Set.of("attributes"),
            MARK_EMAIL_VERIFIED, Set.of(),
            ADD_REQUIRED_ACTION, Set.of("action"),
            REMOVE_REQUIRED_ACTION, Set.of("action"),
            RECORD_TERMS_ACCEPTANCE, Set.of("version"),
            RECORD_CONSENT, Set.of("purposes", "versions"),
            RAISE_ACR, Set.of("level"),
            SIGN_IN_USER, Set.of("user_id"),
            IDENTIFY_USER, Set.of("email"));

    private EvidenceActionParser() {
    }

    static List<EvidenceAction> parse(JsonNode actions, String correlationId) throws EvidenceException {
        if (actions == null || !actions.isArray()) {
            throw new EvidenceException(IoError.EVIDENCE_MALFORMED, "claim 'actions' must be an array", correlationId, null);
        }
        List<EvidenceAction> parsed = new ArrayList<>();
        for (int index = 0; index < actions.size(); index++) {
            parsed.add(new Entry(actions.get(index), index, correlationId).parse());
        }
        return parsed;
    }

    /** One action entry and where it is, so every refusal names its index. */
    private record Entry(JsonNode action, int index, String correlationId) {

        EvidenceAction parse() throws EvidenceException {
            if (!action.isObject() || !action.path("type").isTextual()) {
                throw bad("must be an object with a string 'type'");
            }
            String type = action.get("type").asText();
            Set<String> allowed = FIELDS.get(type);
            if (allowed == null) {
                throw new EvidenceException(IoError.EVIDENCE_UNSUPPORTED_ACTION,
                        "action " + index + " has unsupported type '" + type + "'", correlationId, null);
            }
            for (Iterator<String> fields = action.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (!"type".equals(field) && !allowed.contains(field)) {
                    throw bad("unexpected field '" + field + "'");
                }
            }
            switch (type) {
                case SET_SESSION_NOTE:
                    return new SetSessionNote(matching("name", NOTE_NAME), text("value", MAX_NOTE_VALUE_LENGTH));
                case SET_USER_ATTRIBUTES:
                    return new EvidenceAction.SetUserAttributes(attributes());
                case MARK_EMAIL_VERIFIED:
                    return new EvidenceAction.MarkEmailVerified();
                case ADD_REQUIRED_ACTION:
                case REMOVE_REQUIRED_ACTION:
                    return new EvidenceAction.ChangeRequiredAction(matching("action", IDENTIFIER), ADD_REQUIRED_ACTION.equals(type));
                case RECORD_TERMS_ACCEPTANCE:
                    return new EvidenceAction.RecordTermsAcceptance(text("version", MAX_VERSION_LENGTH));
                case RECORD_CONSENT: {
                    Map<String, Boolean> purposes = purposes();
                    return new EvidenceAction.RecordConsent(purposes, versions(purposes));
                }
                case RAISE_ACR:
                    return new EvidenceAction.RaiseAcr(matching("level", IDENTIFIER));
                case SIGN_IN_USER:
                    return new EvidenceAction.SignInUser(matching("user_id", USER_ID));
                case IDENTIFY_USER:
                    String email = matching("email", EMAIL);
                    if (email.length() > MAX_EMAIL_LENGTH) {
                        throw bad("'email' must have at most " + MAX_EMAIL_LENGTH + " characters");
                    }
                    return new EvidenceAction.IdentifyUser(email);
                default:
                    throw new IllegalStateException("vocabulary and parser disagree on " + type);
            }
        }

        private String text(String field, int maxLength) throws EvidenceException {
            JsonNode value = action.get(field);
            if (value == null || !value.isTextual() || value.asText().isEmpty() || value.asText().length() > maxLength) {
                throw bad("'" + field + "' must be a non-empty string of at most " + maxLength + " characters");
            }
            return value.asText();
        }

        private String matching(String field, Pattern pattern) throws EvidenceException {
            JsonNode value = action.get(field);
            if (value == null || !value.isTextual() || !pattern.matcher(value.asText()).matches()) {
                throw bad("'" + field + "' must match " + pattern.pattern());
            }
            return value.asText();
        }

        private Map<String, List<String>> attributes() throws EvidenceException {
            JsonNode attributes = action.get("attributes");
            if (attributes == null || !attributes.isObject() || attributes.isEmpty()) {
                throw bad("'attributes' must be a non-empty object of name -> [values]");
            }
            Map<String, List<String>> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                if (!IDENTIFIER.matcher(attribute.getKey()).matches()) {
                    throw bad("attribute name '" + attribute.getKey() + "' must match " + IDENTIFIER.pattern());
                }
                parsed.put(attribute.getKey(), values(attribute.getKey(), attribute.getValue()));
            }
            return parsed;
        }

        private List<String> values(String name, JsonNode values) throws EvidenceException {
            if (!values.isArray() || values.size() > MAX_ATTRIBUTE_VALUES) {
                throw bad("attribute '" + name + "' must be an array of at most " + MAX_ATTRIBUTE_VALUES + " strings");
            }
            List<String> parsed = new ArrayList<>();
            for (JsonNode value : values) {
                if (!value.isTextual() || value.asText().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
                    throw bad("attribute '" + name + "' values must be strings of at most " + MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
                }
                parsed.add(value.asText());
            }
            return parsed;
        }

        private Map<String, Boolean> purposes() throws EvidenceException {
            JsonNode purposes = action.get("purposes");
            if (purposes == null || !purposes.isObject() || purposes.isEmpty()) {
                throw bad("'purposes' must be a non-empty object of purpose -> true|false");
            }
            Map<String, Boolean> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> purpose : purposes.properties()) {
                if (!IDENTIFIER.matcher(purpose.getKey()).matches() || !purpose.getValue().isBoolean()) {
                    throw bad("purpose '" + purpose.getKey() + "' must match " + IDENTIFIER.pattern() + " and be true or false");
                }
                parsed.put(purpose.getKey(), purpose.getValue().asBoolean());
            }
            return parsed;
        }

        /** Optional {@code versions}: purpose -> version, each a purpose of the same action. */
        private Map<String, String> versions(Map<String, Boolean> purposes) throws EvidenceException {
            JsonNode versions = action.get("versions");
            if (versions == null) {
                return Map.of();
            }
            if (!versions.isObject()) {
                throw bad("'versions' must be an object of purpose -> version");
            }
            Map<String, String> parsed = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> version : versions.properties()) {
                if (!purposes.containsKey(version.getKey())) {
                    throw bad("'versions' names '" + version.getKey() + "', which is not one of the action's purposes");
                }
                if (!version.getValue().isTextual() || !PURPOSE_VERSION.matcher(version.getValue().asText()).matches()) {
                    throw bad("the version of purpose '" + version.getKey() + "' must match " + PURPOSE_VERSION.pattern());
                }
                parsed.put(version.getKey(), version.getValue().asText());
            }
            return parsed;
        }

        private EvidenceException bad(String problem) {
            return new EvidenceException(IoError.EVIDENCE_BAD_ACTION, "action " + index + ": " + problem, correlationId, null);
        }
    }
}
