package io.iokeycloak.provider.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/** A flow the provider ships (one of the bridge's flows), to be installed into a realm. */
public record Template(String id, JsonNode definition) {

    /** {@code {id, name, category, description?}}. */
    public Map<String, Object> summary() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("name", definition.path("name").asText());
        json.put("category", definition.path("category").asText());
        if (definition.path("description").isTextual()) {
            json.put("description", definition.get("description").asText());
        }
        return json;
    }
}
