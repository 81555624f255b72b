package io.iokeycloak.provider.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The realm settings a handoff carries as {@code realm_settings} (protocol 1.3): the theme the
 * realm chose ({@code PUT /io/theme}) and its processor lists by flow category
 * ({@code PUT /io/processors/{category}}). Only what the realm has set: a null theme and an absent
 * category leave the bridge's own choice. Part of the {@link RuntimeSnapshot}, so a handoff reads
 * them without a database query.
 */
public record RealmRuntimeSettings(String theme, Map<String, List<String>> processors) {

    public static final RealmRuntimeSettings NONE = new RealmRuntimeSettings(null, Map.of());

    public RealmRuntimeSettings {
        // Kept in insertion order (the loader inserts in the order of the flow categories).
        Map<String, List<String>> copy = new LinkedHashMap<>();
        processors.forEach((category, ids) -> copy.put(category, List.copyOf(ids)));
        processors = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return theme == null && processors.isEmpty();
    }

    /** The claim's value: {@code {"theme"?, "processors"?}}; null when the realm set nothing (the claim is then left out). */
    public Map<String, Object> toJson() {
        if (isEmpty()) {
            return null;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        if (theme != null) {
            json.put("theme", theme);
        }
        if (!processors.isEmpty()) {
            json.put("processors", processors);
        }
        return json;
    }
}
