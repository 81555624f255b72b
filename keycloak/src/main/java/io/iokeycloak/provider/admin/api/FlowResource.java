package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.admin.validation.AdminCall;
import io.iokeycloak.provider.runtime.RuntimeSnapshots;
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
import jakarta.ws.rs.PathParam;
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
        ApiErrors.requireNone(definitionProblems(definition, ""));
        return definition;
    }

    /**
     * What makes {@code definition} no definition of this flow (its envelope, or an id that is not
     * this flow's), each field prefixed with {@code at}: a draft's, a candidate's to validate or to try.
     */
    private List<Problem> definitionProblems(JsonNode definition, String at) {
        List<Problem> problems = new ArrayList<>();
        FlowDefinitions.envelopeProblems(definition).forEach(problem -> problems.add(new Problem(at + problem.field(), problem.node(), problem.message())));
        if (problems.isEmpty() && !flowId.equals(definition.get("id").asText())) {
            problems.add(Problem.of(at + "id", "must stay \"" + flowId + "\" (a flow's id never changes; create a new flow instead)"));
        }
        return problems;
    }

    /** The fields of a Try it start; the bridge checks their content and names what is wrong. */
    private static final java.util.Set<String> TRY_FIELDS = java.util.Set.of("definition", "inputs", "user", "integrations", "stubs", "locale");

    /**
     * Try it: starts a test run of the stored draft (or of {@code definition}, e.g. the designer's
     * unsaved model, checked as {@code validate} checks a candidate) on the bridge, with the library
     * flows it calls at their active versions and the realm's settings (theme, processor lists) a
     * login's handoff would carry. Body {@code {"definition"?, "inputs"?, "user"?, "integrations":
     * "stubbed"|"real" (default stubbed), "stubs"?, "locale"?}}. Answers the bridge's run:
     * {@code {runId, status, screen?, variables, trace, outcome?, evidence?, mail, warnings}}.
     * Nothing is written; no journey session, no evidence.
     */
    @POST
    @Path("try")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode tryDraft(String body) {
        context.requireManage();
        IoFlowEntity flow = flow();
        JsonNode request = body == null || body.isBlank() ? ApiErrors.json("{}", "") : ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>();
        if (!request.isObject()) {
            throw ApiErrors.invalid("", "a JSON object");
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!TRY_FIELDS.contains(name)) {
                problems.add(Problem.of(name, "unknown field (allowed: definition, inputs, user, integrations, stubs, locale)"));
            }
        });
        JsonNode definition = request.get("definition");
        if (definition != null) {
            problems.addAll(definitionProblems(definition, "definition/"));
        }
        JsonNode integrations = request.path("integrations");
        if (!integrations.isMissingNode() && !("stubbed".equals(integrations.asText()) || "real".equals(integrations.asText()))) {
            problems.add(Problem.of("integrations", "\"stubbed\" or \"real\""));
        }
        ApiErrors.requireNone(problems);
        Map<String, Object> content = FlowPublisher.tryable(context, flow, definition != null ? definition : FlowDefinitions.parse(flow.getDraft(), DRAFT));
        content.put("integrations", integrations.isMissingNode() ? "stubbed" : integrations.asText());
        for (String passed : List.of("inputs", "user", "stubs", "locale")) {
            if (request.has(passed)) {
                content.put(passed, request.get(passed));
            }
        }
        // As a login's handoff carries them, from the same snapshot: the run looks and checks as logins do.
        Map<String, Object> realmSettings = RuntimeSnapshots.node().of(context.session(), context.realm()).settings().toJson();
        if (realmSettings != null) {
            content.put("realm_settings", realmSettings);
        }
        return BridgeCalls.forward(context, AdminCall.TRY_FLOW, "/io/admin/try", content, flowId);
    }

    /**
     * Try it: answers the waiting step of a test run. Body {@code {"stepId", "handler", "values": {name: string}}};
     * the answer has the shape of {@link #tryDraft}. 404 for a run that expired or another admin's.
     */
    @POST
    @Path("try/{runId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode tryStep(@PathParam("runId") String runId, String body) {
        context.requireManage();
        flow();
        if (runId == null || !runId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw ApiErrors.notFound("no such test run");
        }
        return BridgeCalls.forward(context, AdminCall.TRY_FLOW, "/io/admin/try/" + runId, ApiErrors.json(body, ""), flowId);
    }

    /**
     * The flow's recent journeys as the bridge recorded them (newest first, personal values redacted):
     * {@code {flow, executions: [...]}}. Also for a flow the realm does not keep (a flow file of the
     * bridge). {@code ?limit=} 1-200, default 50.
     */
    @GET
    @Path("executions")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode executions(@QueryParam("limit") String limit) {
        context.requireView();
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", flowId);
        if (limit != null) {
            if (!limit.matches("[0-9]{1,4}")) {
                throw ApiErrors.invalid("limit", "an integer from 1 to 200");
            }
            content.put("limit", Integer.parseInt(limit));
        }
        return BridgeCalls.forward(context, AdminCall.READ_EXECUTIONS, "/io/admin/executions", content, flowId);
    }

    /**
     * How many journeys reached each node and left it by each port, from {@code from} to {@code to}
     * (YYYY-MM-DD, UTC, at most 31 days; default: the last 7 days): {@code {flowId, from, to, nodes: {id: {reached, left: {port: n}}}}}.
     */
    @GET
    @Path("funnel")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode funnel(@QueryParam("from") String from, @QueryParam("to") String to) {
        context.requireView();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("flow", flowId);
        content.put("from", from == null || from.isBlank() ? today.minusDays(6).toString() : from);
        content.put("to", to == null || to.isBlank() ? today.toString() : to);
        return BridgeCalls.forward(context, AdminCall.READ_EXECUTIONS, "/io/admin/funnel", content, flowId);
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
