package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.config.ClientToggles;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who uses each flow of a realm: clients (attribute {@code io.flow}, with their {@code io.enabled}),
 * IO journey executions (their config's {@code flow}), the obligation mapping and other flows'
 * drafts that call it. A flow in use cannot be deleted.
 */
final class FlowUsage {

    record ClientUse(String id, String clientId, boolean enabled) {
    }

    record Uses(List<ClientUse> clients, List<String> executions, List<String> obligations, List<String> flows) {
        boolean any() {
            return !clients.isEmpty() || !executions.isEmpty() || !obligations.isEmpty() || !flows.isEmpty();
        }
    }

    private final Map<String, Uses> byFlow = new LinkedHashMap<>();

    static FlowUsage of(ApiContext context, List<IoFlowEntity> flows) {
        FlowUsage usage = new FlowUsage();
        context.realm().getClientsStream().forEach(client -> {
            ClientToggles toggles = ClientToggles.of(client::getAttribute);
            if (toggles.flow() != null) {
                usage.uses(FlowDefinitions.flowIdOf(toggles.flow())).clients.add(new ClientUse(client.getId(), client.getClientId(), toggles.enabled()));
            }
        });
        context.realm().getAuthenticatorConfigsStream().forEach(config -> {
            String flow = config.getConfig() == null ? null : config.getConfig().get(IoJourneyOptions.FLOW);
            if (flow != null && !flow.isBlank()) {
                usage.uses(FlowDefinitions.flowIdOf(flow)).executions.add(config.getAlias());
            }
        });
        ObligationFlowsResource.mapping(context).forEach((type, flow) -> usage.uses(flow).obligations.add(type));
        for (IoFlowEntity flow : flows) {
            JsonNode draft = FlowDefinitions.parse(flow.getDraft(), "draft");
            FlowDefinitions.calledFlowIds(draft).forEach(called -> usage.uses(called).flows.add(flow.getFlowId()));
        }
        return usage;
    }

    Uses of(String flowId) {
        return byFlow.getOrDefault(flowId, new Uses(List.of(), List.of(), List.of(), List.of()));
    }

    private Uses uses(String flowId) {
        return byFlow.computeIfAbsent(flowId, id -> new Uses(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
    }

    static Function<String, Uses> lookup(ApiContext context) {
        return of(context, context.store().flows(context.realm().getId()))::of;
    }
}
