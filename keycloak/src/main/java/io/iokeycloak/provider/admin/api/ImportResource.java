package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /io/import?ids=keep|renew}: the flows of an export file become drafts of this realm,
 * with their messages. {@code keep} refuses ids the realm has; {@code renew} gives every flow a
 * new id ({@code <id>-<6 hex>}) and points the file's calls at them. Any problem refuses the whole
 * file before anything is written.
 */
public class ImportResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiContext context;

    ImportResource(ApiContext context) {
        this.context = context;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response importFile(@QueryParam("ids") String ids, String body) {
        context.requireManage();
        String mode = ids == null || ids.isBlank() ? "keep" : ids;
        if (!mode.equals("keep") && !mode.equals("renew")) {
            throw ApiErrors.invalid("ids", "keep or renew");
        }
        JsonNode file = FlowTransfer.migrate(ApiErrors.json(body, ""));
        ApiErrors.requireNone(FlowTransfer.problems(file));
        List<FlowTransfer.Imported> entries = FlowTransfer.entries(file);
        Map<String, String> newIds = new LinkedHashMap<>();
        entries.forEach(entry -> newIds.put(entry.id(), mode.equals("keep") ? entry.id() : freshId(entry.id())));

        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            FlowTransfer.Imported entry = entries.get(i);
            if (mode.equals("keep") && exists(entry.id())) {
                problems.add(Problem.of("flows/" + i + "/definition/id", "the realm has a flow \"" + entry.id() + "\" (import with ids=renew)"));
            }
            for (String called : FlowDefinitions.calledFlowIds(entry.definition())) {
                if (!newIds.containsKey(called) && !exists(called)) {
                    problems.add(Problem.of("flows/" + i + "/definition/nodes", "calls flow \"" + called + "\", which neither the file nor the realm has"));
                }
            }
        }
        ApiErrors.requireNone(problems);

        List<Map<String, String>> imported = new ArrayList<>();
        for (FlowTransfer.Imported entry : entries) {
            FlowTransfer.Imported target = mode.equals("keep") ? entry : FlowTransfer.renamed(entry, newIds);
            IoFlowEntity flow = FlowsResource.create(context, target.definition());
            target.messages().forEach((locale, messages) -> context.store().putDraftBundle(flow, locale, FlowDefinitions.canonical(messages)));
            imported.add(Map.of("id", flow.getFlowId(), "importedFrom", entry.id()));
        }
        Map<String, Object> view = Map.of("ids", mode, "flows", imported);
        context.changes().record(OperationType.CREATE, view);
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    private boolean exists(String flowId) {
        return context.store().flow(context.realm().getId(), flowId).isPresent();
    }

    private String freshId(String id) {
        String base = id.length() > 56 ? id.substring(0, 56) : id;
        byte[] suffix = new byte[3];
        String candidate;
        do {
            RANDOM.nextBytes(suffix);
            candidate = base + "-" + HexFormat.of().formatHex(suffix);
        } while (exists(candidate));
        return candidate;
    }
}
