package io.iokeycloak.provider.admin;

import io.iokeycloak.provider.config.ClientToggles;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What the IO tab saves, translated into client attributes. The admin console stores a tab's form
 * as a realm component whose config also holds the route's parameters, so the client is the
 * route's {@code clientId} (the client's internal id). Field names have no dots: the console's
 * form library would read {@code io.enabled} as a nested path.
 */
public record ClientTabValues(String clientUuid, Map<String, String> clientAttributes) {

    public static final String ENABLED_FIELD = "ioEnabled";
    public static final String FLOW_FIELD = "ioFlow";
    /** Route parameter of {@code /:realm/clients/:clientId/:tab}. */
    public static final String CLIENT_PARAM = "clientId";

    /** @param config returns the first value of a component config entry, or null */
    public static ClientTabValues of(Function<String, String> config) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ClientToggles.ENABLED, Boolean.toString("true".equalsIgnoreCase(trim(config.apply(ENABLED_FIELD)))));
        String flow = trim(config.apply(FLOW_FIELD));
        attributes.put(ClientToggles.FLOW, flow == null || flow.isEmpty() ? null : flow);
        return new ClientTabValues(trim(config.apply(CLIENT_PARAM)), attributes);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
