package io.iokeycloak.provider.grant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One grant of the handoff claim {@code grants}: an action type and, per grant field of that type
 * (contract {@code actions.<type>.grant}), the values it allows, e.g.
 * {@code {"type": "set_session_note", "names": ["company"]}}.
 */
public record Grant(String type, Map<String, List<String>> fields) {

    public Grant {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        fields = Collections.unmodifiableMap(copy);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.putAll(fields);
        return json;
    }
}
