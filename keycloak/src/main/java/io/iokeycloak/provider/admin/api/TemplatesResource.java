package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.definition.Problem;
import io.iokeycloak.provider.template.Template;
import io.iokeycloak.provider.template.TemplateCatalog;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /io/templates}: the flows the provider ships (the bridge's own), installed into the realm
 * as drafts, optionally published through the same path as any publish. One transaction: any
 * refusal (a problem, the bridge's verdict, the bridge unavailable) leaves nothing written.
 */
public class TemplatesResource {

    private final ApiContext context;

    TemplatesResource(ApiContext context) {
        this.context = context;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> list() {
        context.requireView();
        return TemplateCatalog.shipped().all().stream().map(Template::summary).toList();
    }

    /**
     * Body {@code {"publish": false, "activate": false, "comment": "..."}} (all optional): the template
     * and the library flows it calls that the realm lacks become drafts; with {@code publish} the
     * library flows are published and activated (callees first), then the template, activated when asked.
     * 201 {@code {"template", "flows": [ids], "published": {id: version}}}; 409 when the realm has the id.
     */
    @POST
    @Path("{templateId}/install")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response install(@PathParam("templateId") String templateId, String body) {
        context.requireManage();
        Template template = TemplateCatalog.shipped().get(templateId)
                .orElseThrow(() -> ApiErrors.notFound("no template \"" + templateId + "\""));
        JsonNode request = body == null || body.isBlank() ? ApiErrors.json("{}", "") : ApiErrors.json(body, "");
        PublishOptions options = PublishOptions.parse(request);
        JsonNode publish = request.path("publish");
        List<Problem> problems = new ArrayList<>();
        if (!publish.isMissingNode() && !publish.isBoolean()) {
            problems.add(Problem.of("publish", "true or false"));
        } else if (options.activate() && !publish.asBoolean(false)) {
            problems.add(Problem.of("activate", "only with publish"));
        }
        ApiErrors.requireNone(problems);
        if (exists(templateId)) {
            throw ApiErrors.conflict("a flow with this id exists in the realm", Map.of("id", templateId));
        }
        TemplateCatalog.InstallPlan plan = TemplateCatalog.shipped().installPlan(template, this::exists);
        ApiErrors.requireNone(plan.missingCalls().stream()
                .map(called -> Problem.of("nodes", "calls flow \"" + called + "\", which neither the realm nor the templates have")).toList());

        List<IoFlowEntity> installed = new ArrayList<>();
        for (Template flow : plan.flows()) {
            installed.add(FlowsResource.create(context, flow.definition()));
        }
        Map<String, Integer> published = new LinkedHashMap<>();
        if (publish.asBoolean(false)) {
            for (IoFlowEntity flow : installed) {
                boolean root = flow.getFlowId().equals(templateId);
                // A library flow must be active for its callers' publish (and their logins) to find it.
                published.put(flow.getFlowId(), FlowPublisher.publish(context, flow, options.comment(), !root || options.activate())
                        .version().getVersionNumber());
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("template", templateId);
        view.put("flows", installed.stream().map(IoFlowEntity::getFlowId).toList());
        view.put("published", published);
        context.changes().record(OperationType.CREATE, view);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    private boolean exists(String flowId) {
        return context.store().flow(context.realm().getId(), flowId).isPresent();
    }
}
