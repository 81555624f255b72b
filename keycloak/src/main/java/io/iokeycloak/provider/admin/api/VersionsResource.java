package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
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

/** {@code /io/flows/{flowId}/versions}: the published versions, immutable once written. */
public class VersionsResource {

    private final ApiContext context;
    private final FlowResource flowResource;

    VersionsResource(ApiContext context, FlowResource flowResource) {
        this.context = context;
        this.flowResource = flowResource;
    }

    /** Newest first, without definitions. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        context.requireView();
        IoFlowEntity flow = flowResource.flow();
        return context.store().versions(flow).stream().map(version -> FlowViews.version(flow, version, false)).toList();
    }

    @GET
    @Path("{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("version") String number) {
        context.requireView();
        IoFlowEntity flow = flowResource.flow();
        if (!number.matches("[0-9]{1,9}")) {
            throw ApiErrors.notFound("no version \"" + number + "\"");
        }
        IoFlowVersionEntity version = context.store().version(flow, Integer.parseInt(number))
                .orElseThrow(() -> ApiErrors.notFound("flow \"" + flow.getFlowId() + "\" has no version " + number));
        return FlowViews.version(flow, version, true);
    }

    /**
     * Body {@code {"comment": "...", "activate": false}}: freezes the draft (and its messages) as the
     * next version, its {@code version} field set to the number. Refused (400, nothing written) when
     * the draft has structural problems, calls a flow the realm has not published and activated, or
     * the bridge finds it invalid; 503 when the bridge cannot be asked ({@link FlowPublisher}).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response publish(String body) {
        context.requireManage();
        IoFlowEntity flow = flowResource.flow();
        JsonNode request = body == null || body.isBlank() ? ApiErrors.json("{}", "") : ApiErrors.json(body, "");
        PublishOptions options = PublishOptions.parse(request);
        FlowPublisher.Published published = FlowPublisher.publish(context, flow, options.comment(), options.activate());
        Map<String, Object> view = FlowViews.version(flow, published.version(), false);
        context.changes().record(OperationType.CREATE, view);
        view.put("warnings", published.warnings());
        return Response.status(Response.Status.CREATED)
                .location(context.session().getContext().getUri().getAbsolutePathBuilder()
                        .path(Integer.toString(published.version().getVersionNumber())).build())
                .entity(view).build();
    }
}
