package io.iokeycloak.provider.grant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each IO flow may change, as the realm declares it: realm attribute {@code io.flowPermissions}
 * = JSON object flow id -> array of grants. Kept in Keycloak (not taken from the bridge) so the
 * handoff Keycloak signs states what Keycloak allows. A flow without an entry gets no grants. The
 * whole attribute is validated on every read: one bad entry fails every journey closed rather
 * than run with permissions nobody meant.
 */
public final class FlowPermissions {

    public static final String REALM_ATTRIBUTE = "io.flowPermissions";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Grants> byFlow;

    private FlowPermissions(Map<String, Grants> byFlow) {
        this.byFlow = Map.copyOf(byFlow);
    }

    /** @param json the attribute value; null or blank means no flow has permissions */
    public static FlowPermissions parse(String json) throws InvalidGrantsException {
        if (json == null || json.isBlank()) {
            return new FlowPermissions(Map.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidGrantsException(REALM_ATTRIBUTE + " is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidGrantsException(REALM_ATTRIBUTE + " must be a JSON object: flow id -> array of grants");
        }
        Map<String, Grants> byFlow = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> flow : root.properties()) {
            byFlow.put(flow.getKey(), Grants.parse(flow.getValue(), REALM_ATTRIBUTE + "." + flow.getKey()));
        }
        return new FlowPermissions(byFlow);
    }

    /**
     * The grants of {@code flow} ({@code id} or {@code id@version}): the entry for exactly that
     * name, else the entry for its id; none when neither exists.
     */
    public Grants of(String flow) {
        Grants exact = byFlow.get(flow);
        if (exact != null) {
            return exact;
        }
        int at = flow.indexOf('@');
        return at > 0 ? byFlow.getOrDefault(flow.substring(0, at), Grants.NONE) : Grants.NONE;
    }
}
