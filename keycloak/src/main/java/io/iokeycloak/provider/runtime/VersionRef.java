package io.iokeycloak.provider.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/** A published flow version as the handoff's {@code flow_versions} names it. */
public record VersionRef(String id, int version, String digest) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("version", version);
        json.put("digest", digest);
        return json;
    }
}
