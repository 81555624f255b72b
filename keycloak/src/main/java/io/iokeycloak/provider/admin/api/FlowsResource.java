package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

import java.util.List;
import java.util.Map;

/** {@code /io/flows}: the realm's flows. */
public class FlowsResource {

    private final ApiContext context;

    FlowsResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        context.requireView();
        List<IoFlowEntity> flows = context.store().flows(context.realm().getId());
        FlowUsage usage = FlowUsage.of(context, flows);
        return flows.stream().map(flow -> FlowViews.summary(context.store(), flow, usage.of(flow.getFlowId()))).toList();
    }

    /** Body: a flow definition, stored as the new flow's draft. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        context.requireManage();
        JsonNode definition = ApiErrors.json(body, "");
        ApiErrors.requireNone(FlowDefinitions.envelopeProblems(definition));
        String flowId = definition.get("id").asText();
        if (context.store().flow(context.realm().getId(), flowId).isPresent()) {
            throw ApiErrors.conflict("a flow with this id exists in the realm", Map.of("id", flowId));
        }
        IoFlowEntity flow = create(context, definition);
        Map<String, Object> view = FlowViews.detail(context.store(), flow, FlowUsage.lookup(context).apply(flowId));
        context.changes().record(OperationType.CREATE, view);
        return Response.status(Response.Status.CREATED)
                .location(context.session().getContext().getUri().getAbsolutePathBuilder().path(flowId).build())
                .entity(view).build();
    }

    /**
     * A new flow with {@code definition} as its draft; the caller has checked the envelope and the id.
     * From now on a handoff of this id is versioned (and fails closed until a version is active).
     */
    static IoFlowEntity create(ApiContext context, JsonNode definition) {
        context.runtimeChanged();
        long now = System.currentTimeMillis();
        IoFlowEntity flow = new IoFlowEntity();
        flow.setRealmId(context.realm().getId());
        flow.setFlowId(definition.get("id").asText());
        flow.setCreatedBy(context.actor());
        flow.setCreatedAt(now);
        writeDraft(context, flow, definition, now);
        return context.store().addFlow(flow);
    }

    static void writeDraft(ApiContext context, IoFlowEntity flow, JsonNode definition, long now) {
        flow.setName(definition.get("name").asText());
        flow.setCategory(definition.get("category").asText());
        flow.setDraft(FlowDefinitions.canonical(definition));
        flow.setUpdatedBy(context.actor());
        flow.setUpdatedAt(now);
    }

    @Path("{flowId}")
    public FlowResource flow(@PathParam("flowId") String flowId) {
        return new FlowResource(context, flowId);
    }
}
