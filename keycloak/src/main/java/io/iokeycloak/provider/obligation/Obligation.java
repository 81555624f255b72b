package io.iokeycloak.provider.obligation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One entry of the handoff's {@code obligations}: {@code {type, mode, params}}. */
public record Obligation(String type, String mode, Map<String, Object> params) {

    public static final String MANDATORY = "mandatory";
    public static final String SOFT = "soft";

    public Obligation {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("mode", mode);
        json.put("params", params);
        return json;
    }
}
