package io.iokeycloak.provider.grant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.contract.EvidenceContract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handoff authorizes its evidence to do: a list of {@link Grant}s in the contract's shapes.
 * Grants of one type add up (their union). Parsing is strict: an unknown type or field, a missing
 * required field or a value that is not a list of names is an error naming its place, so a typo
 * never widens or silently drops a permission.
 */
public final class Grants {

    public static final Grants NONE = new Grants(List.of());

    private static final int MAX_VALUE_LENGTH = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Grant> grants;

    public Grants(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    public List<Grant> list() {
        return grants;
    }

    public Grants plus(Grants other) {
        List<Grant> all = new ArrayList<>(grants);
        all.addAll(other.grants);
        return new Grants(all);
    }

    /** Whether some grant has this action type. */
    public boolean has(String type) {
        return grants.stream().anyMatch(grant -> grant.type().equals(type));
    }

    /**
     * Whether some grant of {@code type} allows {@code value} in {@code field}: it lists the value,
     * or it leaves out that (optional) field, which allows any value.
     */
    public boolean allows(String type, String field, String value) {
        return grants.stream().anyMatch(grant -> grant.type().equals(type)
                && (!grant.fields().containsKey(field) || grant.fields().get(field).contains(value)));
    }

    public List<Map<String, Object>> toJson() {
        return grants.stream().map(Grant::toJson).toList();
    }

    /** For the auth note {@code io.grants}. */
    public String toJsonString() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param json a JSON array of grants; null means none */
    public static Grants parseJson(String json, String at) throws InvalidGrantsException {
        if (json == null) {
            return NONE;
        }
        try {
            return parse(JSON.readTree(json), at);
        } catch (JsonProcessingException e) {
            throw new InvalidGrantsException(at + " is not JSON: " + e.getOriginalMessage());
        }
    }

    /** @param at where the grants are, for error messages, e.g. {@code io.flowPermissions.demo-profile} */
    public static Grants parse(JsonNode array, String at) throws InvalidGrantsException {
        if (array == null || !array.isArray()) {
            throw new InvalidGrantsException(at + " must be an array of grants");
        }
        List<Grant> grants = new ArrayList<>();
        for (int index = 0; index < array.size(); index++) {
            grants.add(grant(array.get(index), at + "[" + index + "]"));
        }
        return new Grants(grants);
    }

    private static Grant grant(JsonNode node, String at) throws InvalidGrantsException {
        Map<String, Map<String, Boolean>> shapes = EvidenceContract.get().grantFields();
        if (!node.isObject() || !node.path("type").isTextual() || !shapes.containsKey(node.get("type").asText())) {
            throw new InvalidGrantsException(at + " must be an object whose type is one of " + shapes.keySet());
        }
        String type = node.get("type").asText();
        Map<String, Boolean> shape = shapes.get(type);
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equals("type")) {
                continue;
            }
            if (!shape.containsKey(field.getKey())) {
                throw new InvalidGrantsException(at + " (" + type + ") has unknown field '" + field.getKey()
                        + "'; its fields are " + shape.keySet());
            }
            fields.put(field.getKey(), values(field.getValue(), at + "." + field.getKey()));
        }
        for (Map.Entry<String, Boolean> field : shape.entrySet()) {
            if (field.getValue() && !fields.containsKey(field.getKey())) {
                throw new InvalidGrantsException(at + " (" + type + ") is missing the field '" + field.getKey() + "'");
            }
        }
        return new Grant(type, fields);
    }

    private static List<String> values(JsonNode array, String at) throws InvalidGrantsException {
        if (!array.isArray()) {
            throw new InvalidGrantsException(at + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_VALUE_LENGTH) {
                throw new InvalidGrantsException(at + " must hold strings of 1 to " + MAX_VALUE_LENGTH + " characters");
            }
            values.add(value.asText());
        }
        return values;
    }
}
