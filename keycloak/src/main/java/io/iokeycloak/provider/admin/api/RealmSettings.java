package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import org.keycloak.events.admin.OperationType;

import java.util.Optional;

/** A realm setting stored as JSON, written with its admin event. */
final class RealmSettings {

    private RealmSettings() {
    }

    static Optional<JsonNode> read(ApiContext context, String name) {
        return context.store().setting(context.realm().getId(), name).map(text -> FlowDefinitions.parse(text, name));
    }

    static void write(ApiContext context, String name, JsonNode value, Object representation) {
        context.store().putSetting(context.realm().getId(), name, FlowDefinitions.canonical(value));
        context.changes().record(OperationType.UPDATE, representation);
    }

    /** Removes a setting (the bridge's own choice applies again), with its admin event; false when there was none. */
    static boolean delete(ApiContext context, String name, Object representation) {
        if (!context.store().deleteSetting(context.realm().getId(), name)) {
            return false;
        }
        context.changes().record(OperationType.DELETE, representation);
        return true;
    }
}
