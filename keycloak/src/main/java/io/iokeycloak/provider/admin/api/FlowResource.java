package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoFlowVersionEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.FlowDiff;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /io/flows/{flowId}}: one flow, its draft, the active version and the rollout. */
public class FlowResource {

    static final String DRAFT = "draft";

    private final ApiContext context;
    private final String flowId;

    FlowResource(ApiContext context, String flowId) {
        this.context = context;
        this.flowId = flowId;
    }

    /** The flow, or 404. Every method checks the caller's permission first. */
    IoFlowEntity flow() {
        return context.store().flow(context.realm().getId(), flowId)
                .orElseThrow(() -> ApiErrors.notFound("no flow \"" + flowId + "\" in this realm"));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        context.requireView();
        return FlowViews.detail(context.store(), flow(), FlowUsage.lookup(context).apply(flowId));
    }

    /** Body: the flow definition, the new draft. Saved when the envelope is valid; other problems come back in {@code problems}. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> updateDraft(String body) {
        context.requireManage();
        IoFlowEntity flow = flow();
        JsonNode definition = definitionOf(body);
        FlowsResource.writeDraft(context, flow, definition, System.currentTimeMillis());
        Map<String, Object> view = FlowViews.detail(context.store(), flow, FlowUsage.lookup(context).apply(flowId));
        context.changes().record(OperationType.UPDATE, view);
        return view;
    }

    /** 204; 409 while a client, an execution, the obligation mapping or another flow uses it. */
    @DELETE
    public Response delete() {
        context.requireManage();
        IoFlowEntity flow = flow();
        FlowUsage.Uses uses = FlowUsage.lookup(context).apply(flowId);
        if (uses.any()) {
            throw ApiErrors.conflict("the flow is in use", Map.of("id", flowId, "usedBy", uses));
        }
        context.store().deleteFlow(flow);
        context.runtimeChanged();
        context.changes().record(OperationType.DELETE, Map.of("id", flowId));
        return Response.noContent().build();
    }

    @Path("versions")
    public VersionsResource versions() {
        return new VersionsResource(context, this);
    }

    /**
     * What publishing would say, without publishing or saving: {@code {"valid", "issues", "warnings", "nodes"}},
     * Keycloak's own problems as issues, else the bridge's verdict ({@code nodes}: each node's ports as the
     * bridge's node types compute them). No body: the stored draft; a body: that candidate definition
     * instead (the designer checks while editing), whose id must be this flow's. 503 when the bridge cannot be asked.
     */
    @POST
    @Path("validate")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> validate(String body) {
        context.requireManage();
        IoFlowEntity flow = flow();
        return FlowPublisher.validate(context, flow, candidate(flow, body)).toJson();
    }

    /** The body's definition when there is one, else the stored draft. */
    private JsonNode candidate(IoFlowEntity flow, String body) {
        return body == null || body.isBlank() ? FlowDefinitions.parse(flow.getDraft(), DRAFT) : definitionOf(body);
    }

    /** A definition of this flow from a request body: 400 unless its envelope is valid and its id this flow's. */
    private JsonNode definitionOf(String body) {
        JsonNode definition = ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>(FlowDefinitions.envelopeProblems(definition));
        if (problems.isEmpty() && !flowId.equals(definition.get("id").asText())) {
            problems.add(Problem.of("id", "must stay \"" + flowId + "\" (a flow's id never changes; create a new flow instead)"));
        }
        ApiErrors.requireNone(problems);
        return definition;
    }

    @Path("messages")
    public MessagesResource messages() {
        return new MessagesResource(context, this);
    }

    /** {@code ?from=1&to=2} (a version number or {@code draft}; {@code to} defaults to the draft). */
    @GET
    @Path("diff")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> diff(@QueryParam("from") String from, @QueryParam("to") String to) {
        context.requireView();
        IoFlowEntity flow = flow();
        String target = to == null || to.isBlank() ? DRAFT : to;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("from", from);
        view.put("to", target);
        view.put("diff", FlowDiff.between(definition(flow, from, "from"), definition(flow, target, "to")));
        return view;
    }

    /** A version's definition, or the draft's; 400 naming {@code field} when there is no such version. */
    JsonNode definition(IoFlowEntity flow, String version, String field) {
        if (DRAFT.equals(version)) {
            return FlowDefinitions.parse(flow.getDraft(), DRAFT);
        }
        return FlowDefinitions.parse(publishedVersion(flow, version, field).getDefinition(), field);
    }

    IoFlowVersionEntity publishedVersion(IoFlowEntity flow, Object version, String field) {
        int number = versionNumber(version, field);
        return context.store().version(flow, number)
                .orElseThrow(() -> ApiErrors.invalid(field, "flow \"" + flowId + "\" has no version " + number));
    }

    static int versionNumber(Object value, String field) {
        if (value instanceof JsonNode node && node.canConvertToExactIntegral() && node.isIntegralNumber()) {
            return node.asInt();
        }
        if (value instanceof String text && text.matches("[0-9]{1,9}")) {
            return Integer.parseInt(text);
        }
        throw ApiErrors.invalid(field, "a version number (or \"draft\" where a draft is allowed)");
    }

    /** Body {@code {"version": n}}: new logins run version n; also how to roll back. Ends a rollout. */
    @PUT
    @Path("active")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> activate(String body) {
        context.requireManage();
        IoFlowEntity flow = flow();
        IoFlowVersionEntity version = publishedVersion(flow, ApiErrors.json(body, "").path("version"), "version");
        Integer previous = flow.getActiveVersion();
        flow.setActiveVersion(version.getVersionNumber());
        flow.setRolloutVersion(null);
        flow.setRolloutPercentage(null);
        context.runtimeChanged();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flowId);
        view.put("activeVersion", version.getVersionNumber());
        view.put("previousVersion", previous);
        view.put("rollback", previous != null && version.getVersionNumber() < previous);
        context.changes().record(OperationType.UPDATE, view);
        return view;
    }

    /**
     * Body {@code {"version": n, "percentage": p}}: about p % of users (the same users every time)
     * run version n, the others the active version.
     */
    @PUT
    @Path("rollout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> rollout(String body) {
        context.requireManage();
        IoFlowEntity flow = flow();
        JsonNode request = ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>();
        JsonNode percentage = request.path("percentage");
        if (!percentage.isInt() || percentage.asInt() < 1 || percentage.asInt() > 99) {
            problems.add(Problem.of("percentage", "an integer from 1 to 99"));
        }
        if (flow.getActiveVersion() == null) {
            problems.add(Problem.of("version", "activate a version first: a rollout splits logins between the active version and another"));
        }
        ApiErrors.requireNone(problems);
        IoFlowVersionEntity version = publishedVersion(flow, request.path("version"), "version");
        if (version.getVersionNumber() == flow.getActiveVersion()) {
            throw ApiErrors.invalid("version", "the active version; a rollout needs another version");
        }
        flow.setRolloutVersion(version.getVersionNumber());
        flow.setRolloutPercentage(percentage.asInt());
        context.runtimeChanged();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", flowId);
        view.put("activeVersion", flow.getActiveVersion());
        view.put("rollout", FlowViews.rollout(flow));
        context.changes().record(OperationType.UPDATE, view);
        return view;
    }

    @DELETE
    @Path("rollout")
    public Response endRollout() {
        context.requireManage();
        IoFlowEntity flow = flow();
        flow.setRolloutVersion(null);
        flow.setRolloutPercentage(null);
        context.runtimeChanged();
        context.changes().record(OperationType.DELETE, Map.of("id", flowId));
        return Response.noContent().build();
    }

    /** {@code ?version=n} (default: the draft): the flow, the library flows it calls and their messages, one file. */
    @GET
    @Path("export")
    @Produces(MediaType.APPLICATION_JSON)
    public Response export(@QueryParam("version") String version) {
        context.requireView();
        IoFlowEntity flow = flow();
        Map<String, Object> file = FlowTransfer.export(context, flow, version == null || version.isBlank() ? DRAFT : version, this);
        return Response.ok(file)
                .header("Content-Disposition", "attachment; filename=\"" + flowId + ".io-flow.json\"")
                .build();
    }
}
