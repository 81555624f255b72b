package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoMessageBundleEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.events.admin.OperationType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /io/flows/{flowId}/messages}: the flow's message bundles per locale. The draft's are
 * edited; publishing freezes them with the version ({@code ?version=n} reads those).
 */
public class MessagesResource {

    static final Pattern LOCALE = Pattern.compile("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_.-]{1,200}$");
    private static final int MAX_TEXT = 10_000;

    private final ApiContext context;
    private final FlowResource flowResource;

    MessagesResource(ApiContext context, FlowResource flowResource) {
        this.context = context;
        this.flowResource = flowResource;
    }

    /** Locale -> messages. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, JsonNode> all(@QueryParam("version") String version) {
        context.requireView();
        return bundles(flowResource.flow(), version);
    }

    /** For each locale, the keys another locale has and it lacks. */
    @GET
    @Path("missing")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> missing(@QueryParam("version") String version) {
        context.requireView();
        return missingKeys(bundles(flowResource.flow(), version));
    }

    static Map<String, Object> missingKeys(Map<String, JsonNode> bundles) {
        TreeSet<String> keys = new TreeSet<>();
        bundles.values().forEach(messages -> messages.fieldNames().forEachRemaining(keys::add));
        Map<String, List<String>> missing = new LinkedHashMap<>();
        bundles.forEach((locale, messages) -> missing.put(locale, keys.stream().filter(key -> !messages.has(key)).toList()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("keys", keys);
        report.put("missing", missing);
        return report;
    }

    @GET
    @Path("{locale}")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode get(@PathParam("locale") String locale, @QueryParam("version") String version) {
        context.requireView();
        JsonNode messages = bundles(flowResource.flow(), version).get(locale);
        if (messages == null) {
            throw ApiErrors.notFound("no messages for locale \"" + locale + "\"");
        }
        return messages;
    }

    /** Body: {@code {"key": "text", ...}}, the draft's whole bundle for the locale. */
    @PUT
    @Path("{locale}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode put(@PathParam("locale") String locale, String body) {
        context.requireManage();
        IoFlowEntity flow = flowResource.flow();
        JsonNode messages = ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>();
        if (!LOCALE.matcher(locale).matches()) {
            problems.add(Problem.of("locale", "a language tag such as en or pt-BR"));
        }
        problems.addAll(bundleProblems(messages, ""));
        ApiErrors.requireNone(problems);
        context.store().putDraftBundle(flow, locale, FlowDefinitions.canonical(messages));
        context.changes().record(OperationType.UPDATE, Map.of("flow", flow.getFlowId(), "locale", locale, "messages", messages));
        return messages;
    }

    /** What is wrong with a bundle (an object of key -> text), fields prefixed with {@code at}. */
    static List<Problem> bundleProblems(JsonNode messages, String at) {
        List<Problem> problems = new ArrayList<>();
        if (!messages.isObject()) {
            problems.add(Problem.of(at, "an object of message key -> text"));
            return problems;
        }
        for (Map.Entry<String, JsonNode> entry : messages.properties()) {
            if (!KEY.matcher(entry.getKey()).matches()) {
                problems.add(Problem.of(at + entry.getKey(), "a key of letters, digits, '.', '-' or '_'"));
            } else if (!entry.getValue().isTextual() || entry.getValue().asText().length() > MAX_TEXT) {
                problems.add(Problem.of(at + entry.getKey(), "text of up to " + MAX_TEXT + " characters"));
            }
        }
        return problems;
    }

    private Map<String, JsonNode> bundles(IoFlowEntity flow, String version) {
        int number = version == null || version.isBlank() || FlowResource.DRAFT.equals(version)
                ? IoMessageBundleEntity.DRAFT
                : flowResource.publishedVersion(flow, version, "version").getVersionNumber();
        Map<String, JsonNode> bundles = new LinkedHashMap<>();
        context.store().bundles(flow, number).forEach((locale, text) -> bundles.put(locale, FlowDefinitions.parse(text, "messages")));
        return bundles;
    }
}
