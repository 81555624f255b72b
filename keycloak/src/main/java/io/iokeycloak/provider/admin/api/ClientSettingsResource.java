package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.config.ClientToggles;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.ClientModel;
import org.keycloak.events.admin.OperationType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /io/clients}: each client's IO state, read from and written to its own attributes
 * {@code io.enabled} and {@code io.flow} (the only source of truth, which the login reads).
 * Listing needs view-realm and shows the clients the caller may view; changing needs
 * manage-realm and the right to manage that client.
 */
public class ClientSettingsResource {

    private static final Pattern FLOW_REF = Pattern.compile("^[A-Za-z][A-Za-z0-9_-]{0,63}(@[0-9A-Za-z][0-9A-Za-z._-]{0,31})?$");

    private final ApiContext context;

    ClientSettingsResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        context.requireView();
        return context.realm().getClientsStream()
                .filter(client -> context.auth().clients().canView(client))
                .map(ClientSettingsResource::view)
                .toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("id") String id) {
        context.requireView();
        ClientModel client = client(id);
        context.auth().clients().requireView(client);
        return view(client);
    }

    /** Body {@code {"enabled": true, "flow": "id" | "id@version" | null}}; a named flow must exist in the realm. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("id") String id, String body) {
        context.requireManage();
        ClientModel client = client(id);
        context.auth().clients().requireManage(client);
        JsonNode request = ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>();
        JsonNode enabled = request.path("enabled");
        if (!enabled.isBoolean()) {
            problems.add(Problem.of("enabled", "required: true or false"));
        }
        JsonNode flow = request.path("flow");
        String flowRef = flow.isTextual() && !flow.asText().isBlank() ? flow.asText().trim() : null;
        if (!flow.isMissingNode() && !flow.isNull() && !flow.isTextual()) {
            problems.add(Problem.of("flow", "a flow id, id@version, or null"));
        } else if (flowRef != null && !FLOW_REF.matcher(flowRef).matches()) {
            problems.add(Problem.of("flow", "a flow id, id@version, or null"));
        } else if (flowRef != null && context.store().flow(context.realm().getId(), FlowDefinitions.flowIdOf(flowRef)).isEmpty()) {
            problems.add(Problem.of("flow", "no flow \"" + FlowDefinitions.flowIdOf(flowRef) + "\" in this realm"));
        }
        ApiErrors.requireNone(problems);
        client.setAttribute(ClientToggles.ENABLED, Boolean.toString(enabled.asBoolean()));
        if (flowRef == null) {
            client.removeAttribute(ClientToggles.FLOW);
        } else {
            client.setAttribute(ClientToggles.FLOW, flowRef);
        }
        Map<String, Object> view = view(client);
        context.changes().record(OperationType.UPDATE, view);
        return view;
    }

    private ClientModel client(String id) {
        ClientModel client = context.realm().getClientById(id);
        if (client == null) {
            throw ApiErrors.notFound("no client with id \"" + id + "\" in this realm");
        }
        return client;
    }

    private static Map<String, Object> view(ClientModel client) {
        ClientToggles toggles = ClientToggles.of(client::getAttribute);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", client.getId());
        view.put("clientId", client.getClientId());
        view.put("name", client.getName());
        view.put("enabled", toggles.enabled());
        view.put("flow", toggles.flow());
        return view;
    }
}
