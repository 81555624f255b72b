package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.Problem;
import io.iokeycloak.provider.store.IoRealmSettingEntity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /io/processors}: the realm's processor list per flow category (the processors run around
 * every step of the flows of that category). A category without a list uses the bridge's defaults.
 * A change reaches the bridge with the next handoff ({@code realm_settings}), so it bumps the
 * realm's runtime revision in the same transaction.
 */
public class ProcessorsResource {

    private static final String PREFIX = IoRealmSettingEntity.PROCESSORS_PREFIX;
    private static final Pattern PROCESSOR = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$");
    static final int MAX_REASON = 500;

    private final ApiContext context;

    ProcessorsResource(ApiContext context) {
        this.context = context;
    }

    /** Category -> processor ids, or null where the realm keeps the bridge's defaults. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, JsonNode> all() {
        context.requireView();
        Map<String, JsonNode> lists = new LinkedHashMap<>();
        FlowDefinitions.CATEGORIES.forEach(category -> lists.put(category, RealmSettings.read(context, PREFIX + category).orElse(null)));
        return lists;
    }

    @GET
    @Path("{category}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get(@PathParam("category") String category) {
        context.requireView();
        requireCategory(category);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("category", category);
        view.put("processors", RealmSettings.read(context, PREFIX + category).orElse(null));
        return view;
    }

    /**
     * Body {@code {"processors": ["audit", "rate-limit", ...], "reason": "..."}} (order is the run
     * order). The optional {@code reason} (why the list changes, e.g. why a processor is removed) is
     * not kept with the setting: it goes with the change into the admin event's representation and
     * the answer.
     */
    @PUT
    @Path("{category}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(@PathParam("category") String category, String body) {
        context.requireManage();
        requireCategory(category);
        JsonNode request = ApiErrors.json(body, "");
        ApiErrors.requireNone(problems(request));
        Map<String, Object> view = view(category, request);
        RealmSettings.write(context, PREFIX + category, request.path("processors"), view);
        context.runtimeChanged();
        return view;
    }

    /** Back to the bridge's default set for the category. 204, also when it had no list of its own. */
    @DELETE
    @Path("{category}")
    public Response delete(@PathParam("category") String category) {
        context.requireManage();
        requireCategory(category);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("category", category);
        view.put("processors", null);
        if (RealmSettings.delete(context, PREFIX + category, view)) {
            context.runtimeChanged();
        }
        return Response.noContent().build();
    }

    /** Every problem of a PUT body (none: it may be written). */
    static List<Problem> problems(JsonNode request) {
        List<Problem> problems = new ArrayList<>();
        JsonNode processors = request.path("processors");
        if (!processors.isArray()) {
            problems.add(Problem.of("processors", "required: an array of processor ids"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < processors.size(); i++) {
                JsonNode id = processors.get(i);
                if (!id.isTextual() || !PROCESSOR.matcher(id.asText()).matches()) {
                    problems.add(Problem.of("processors/" + i, "a processor id"));
                } else if (!seen.add(id.asText())) {
                    problems.add(Problem.of("processors/" + i, "\"" + id.asText() + "\" is listed twice"));
                }
            }
        }
        JsonNode reason = request.get("reason");
        if (reason != null && !reason.isNull()
                && (!reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_REASON)) {
            problems.add(Problem.of("reason", "optional: a text of 1 to " + MAX_REASON + " characters"));
        }
        return problems;
    }

    /** The answer, and the admin event's representation: category, processors and the reason if one was given. */
    static Map<String, Object> view(String category, JsonNode request) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("category", category);
        view.put("processors", request.path("processors"));
        JsonNode reason = request.get("reason");
        if (reason != null && reason.isTextual()) {
            view.put("reason", reason.asText().strip());
        }
        return view;
    }

    private static void requireCategory(String category) {
        if (!FlowDefinitions.CATEGORIES.contains(category)) {
            throw ApiErrors.notFound("no flow category \"" + category + "\" (categories: " + String.join(", ", FlowDefinitions.CATEGORIES) + ")");
        }
    }
}
