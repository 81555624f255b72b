package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.obligation.InvalidRulesException;
import io.iokeycloak.provider.obligation.ObligationRules;
import io.iokeycloak.provider.store.definition.Problem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /io/obligation-rules}: the realm's obligation policy, the realm attributes the IO journey
 * required action reads at every login: {@code io.obligations} (the rules, parsed strictly by
 * {@link ObligationRules}) and {@code io.obligations.clients} (the scope). Realm attributes live in
 * Keycloak's realm cache, invalidated across the cluster on change, and the runtime snapshot holds
 * neither: a change applies at the next login without a runtime revision.
 */
public class ObligationRulesResource {

    /** Obligations are evaluated for logins of clients with IO on (the default). */
    static final String IO_CLIENTS = "io-clients";
    static final String ALL = ObligationRules.ALL_CLIENTS;
    private static final Set<String> SCOPES = Set.of(IO_CLIENTS, ALL);
    private static final Set<String> FIELDS = Set.of("rules", "scope");
    /** The place the parser names first ({@code rules[2].when...}), as a field of the body ({@code rules/2}). */
    private static final Pattern PLACE = Pattern.compile("^rules\\[(\\d+)]");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiContext context;

    ObligationRulesResource(ApiContext context) {
        this.context = context;
    }

    /**
     * {@code {"rules": [...], "scope": "io-clients" | "all"}}, and {@code problem} (the parser's
     * message) when the stored rules are invalid, e.g. set as a realm attribute by hand: logins
     * then fail closed until they are fixed.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        context.requireView();
        RealmModel realm = context.realm();
        String stored = realm.getAttribute(ObligationRules.REALM_ATTRIBUTE);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("rules", storedRules(stored));
        view.put("scope", ALL.equals(realm.getAttribute(ObligationRules.SCOPE_ATTRIBUTE)) ? ALL : IO_CLIENTS);
        try {
            ObligationRules.parse(stored);
        } catch (InvalidRulesException invalid) {
            view.put("problem", invalid.getMessage());
        }
        return view;
    }

    /** Body {@code {"rules": [...], "scope": "io-clients" | "all"}}: the whole policy, written only when every rule parses. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(String body) {
        context.requireManage();
        Policy policy = policy(ApiErrors.json(body, ""));
        RealmModel realm = context.realm();
        if (policy.rules().isEmpty()) {
            realm.removeAttribute(ObligationRules.REALM_ATTRIBUTE);
        } else {
            realm.setAttribute(ObligationRules.REALM_ATTRIBUTE, policy.text());
        }
        if (ALL.equals(policy.scope())) {
            realm.setAttribute(ObligationRules.SCOPE_ATTRIBUTE, ALL);
        } else {
            realm.removeAttribute(ObligationRules.SCOPE_ATTRIBUTE);
        }
        Map<String, Object> view = policy.view();
        context.changes().record(OperationType.UPDATE, view);
        return view;
    }

    /** What {@code PUT} would answer (the policy, or the same 400), writing nothing: the console checks a rule while it is edited. */
    @POST
    @Path("validate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> validate(String body) {
        context.requireManage();
        return policy(ApiErrors.json(body, "")).view();
    }

    /** A valid request body: the rules as given, the text they are stored as, the scope. */
    record Policy(JsonNode rules, String text, String scope) {

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("rules", rules);
            view.put("scope", scope);
            return view;
        }
    }

    /** The request as a policy, or 400 {@code invalid_input} with its {@link #problems}. */
    static Policy policy(JsonNode request) {
        ApiErrors.requireNone(problems(request));
        JsonNode rules = request.get("rules");
        return new Policy(rules, text(rules), request.get("scope").asText());
    }

    /** Every problem of a request body (none: it may be written); a rule's by the parser's message. */
    static List<Problem> problems(JsonNode request) {
        List<Problem> problems = new ArrayList<>();
        if (!request.isObject()) {
            problems.add(Problem.of("", "an object {\"rules\": [...], \"scope\": \"io-clients\" | \"all\"}"));
            return problems;
        }
        request.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                problems.add(Problem.of(name, "unknown field (allowed: rules, scope)"));
            }
        });
        JsonNode scope = request.path("scope");
        if (!scope.isTextual() || !SCOPES.contains(scope.asText())) {
            problems.add(Problem.of("scope", "required: \"io-clients\" (logins of clients with IO on) or \"all\" (every client's logins)"));
        }
        JsonNode rules = request.path("rules");
        if (!rules.isArray()) {
            problems.add(Problem.of("rules", "required: an array of rules {type, when, params?, mode?, skip?, grants?}"));
        } else {
            try {
                ObligationRules.parse(text(rules));
            } catch (InvalidRulesException invalid) {
                problems.add(problem(invalid.getMessage()));
            }
        }
        return problems;
    }

    /** The parser's message as the problem of the rule it names ({@code rules/2}), else of {@code rules}. */
    static Problem problem(String message) {
        Matcher place = PLACE.matcher(message);
        return Problem.of(place.find() ? "rules/" + place.group(1) : "rules", message);
    }

    /** The stored rules as JSON: the array as stored, else none (an unparsable attribute is reported by {@code problem}). */
    private static JsonNode storedRules(String stored) {
        try {
            JsonNode rules = stored == null || stored.isBlank() ? null : JSON.readTree(stored);
            return rules != null && rules.isArray() ? rules : JSON.createArrayNode();
        } catch (JsonProcessingException notJson) {
            return JSON.createArrayNode();
        }
    }

    private static String text(JsonNode rules) {
        try {
            return JSON.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }
}
