package io.iokeycloak.provider.admin.api;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Records each change as a Keycloak admin event: resource type CUSTOM, the request's path as the
 * resource path and what was written as the representation (stored when the realm keeps
 * admin event details).
 */
final class AdminChanges {

    private final KeycloakSession session;
    private final AdminEventBuilder events;

    AdminChanges(KeycloakSession session, AdminEventBuilder events) {
        this.session = session;
        this.events = events;
    }

    void record(OperationType operation, Object representation) {
        events.clone(session)
                .operation(operation)
                .resource(ResourceType.CUSTOM)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .success();
    }
}
