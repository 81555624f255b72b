package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.store.IoFlowEntity;
import io.iokeycloak.provider.store.IoRealmSettingEntity;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code /io/obligation-flows}: obligation type -> the library flow that fulfils it, for this realm
 * (what {@code IO_OBLIGATION_FLOWS} configures on the bridge today).
 */
public class ObligationFlowsResource {

    static final String SETTING = IoRealmSettingEntity.OBLIGATION_FLOWS;
    private static final Pattern TYPE = Pattern.compile("^[a-z][a-z0-9_]{0,63}$");

    private final ApiContext context;

    ObligationFlowsResource(ApiContext context) {
        this.context = context;
    }

    static Map<String, String> mapping(ApiContext context) {
        Map<String, String> mapping = new LinkedHashMap<>();
        RealmSettings.read(context, SETTING).ifPresent(json -> json.properties().forEach(entry -> mapping.put(entry.getKey(), entry.getValue().asText())));
        return mapping;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, String> get() {
        context.requireView();
        return mapping(context);
    }

    /** Body {@code {"require_terms_acceptance": "accept-terms", ...}}: the whole mapping; each flow a library flow of the realm. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode put(String body) {
        context.requireManage();
        JsonNode mapping = ApiErrors.json(body, "");
        List<Problem> problems = new ArrayList<>();
        if (!mapping.isObject()) {
            problems.add(Problem.of("", "an object of obligation type -> flow id"));
        } else {
            for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
                if (!TYPE.matcher(entry.getKey()).matches()) {
                    problems.add(Problem.of(entry.getKey(), "an obligation type: lower-case letters, digits and '_'"));
                    continue;
                }
                Optional<IoFlowEntity> flow = entry.getValue().isTextual()
                        ? context.store().flow(context.realm().getId(), entry.getValue().asText()) : Optional.empty();
                if (flow.isEmpty()) {
                    problems.add(Problem.of(entry.getKey(), "no flow " + entry.getValue() + " in this realm"));
                } else if (!"library".equals(flow.get().getCategory())) {
                    problems.add(Problem.of(entry.getKey(), "flow \"" + flow.get().getFlowId() + "\" is of category "
                            + flow.get().getCategory() + "; obligations run library flows"));
                }
            }
        }
        ApiErrors.requireNone(problems);
        RealmSettings.write(context, SETTING, mapping, mapping);
        context.runtimeChanged();
        return mapping;
    }
}
