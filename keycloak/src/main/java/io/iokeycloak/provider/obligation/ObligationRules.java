package io.iokeycloak.provider.obligation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The realm's obligation policy: a JSON list of rules (realm attribute {@code io.obligations}).
 * Parsing is strict (an unknown condition or field is an error naming its place) so a typo never
 * silently disables a rule. Evaluation is pure.
 */
public final class ObligationRules {

    /** Realm attribute holding the rules. */
    public static final String REALM_ATTRIBUTE = "io.obligations";
    /** Realm attribute: {@code all} evaluates obligations for every client; default only for IO-enabled clients. */
    public static final String SCOPE_ATTRIBUTE = "io.obligations.clients";
    public static final String ALL_CLIENTS = "all";

    public static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
    /** A purpose's version: what the consent node and record_consent accept. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> RULE_FIELDS = Set.of("type", "when", "params", "mode", "skip", "grants");
    private static final Set<String> SKIP_FIELDS = Set.of("maxSkips", "remindAfter");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ObligationRule> rules;

    private ObligationRules(List<ObligationRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static final ObligationRules NONE = new ObligationRules(List.of());

    /** @param json the attribute value; null or blank means no rules */
    public static ObligationRules parse(String json) throws InvalidRulesException {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidRulesException("not JSON: " + e.getOriginalMessage());
        }
        if (!root.isArray()) {
            throw new InvalidRulesException("must be a JSON array of rules");
        }
        List<ObligationRule> rules = new ArrayList<>();
        for (int index = 0; index < root.size(); index++) {
            rules.add(rule(root.get(index), "rules[" + index + "]"));
        }
        return new ObligationRules(rules);
    }

    public List<ObligationRule> rules() {
        return rules;
    }

    /** The obligations the user owes now, in rule order. */
    public List<Obligation> evaluate(UserFacts facts, Instant now) {
        List<Obligation> owed = new ArrayList<>();
        for (ObligationRule rule : rules) {
            rule.evaluate(facts, now).ifPresent(owed::add);
        }
        return owed;
    }

    /** What a user reviewing obligations of {@code type} is asked, one per rule of that type (self-service). */
    public List<Obligation> review(String type, UserFacts facts) {
        List<Obligation> asked = new ArrayList<>();
        for (ObligationRule rule : rules) {
            if (rule.type().equals(type)) {
                rule.review(facts).ifPresent(asked::add);
            }
        }
        return asked;
    }

    private static ObligationRule rule(JsonNode node, String at) throws InvalidRulesException {
        if (!node.isObject()) {
            throw new InvalidRulesException(at + " must be an object");
        }
        for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!RULE_FIELDS.contains(field)) {
                throw new InvalidRulesException(at + " has unknown field '" + field + "'");
            }
        }
        String type = node.path("type").asText(null);
        if (!node.path("type").isTextual() || !TYPE.matcher(type).matches()) {
            throw new InvalidRulesException(at + ".type must match " + TYPE.pattern());
        }
        if (!node.has("when")) {
            throw new InvalidRulesException(at + ".when is missing");
        }
        Condition when = condition(node.get("when"), at + ".when");
        JsonNode params = node.path("params");
        if (!params.isMissingNode() && !params.isObject()) {
            throw new InvalidRulesException(at + ".params must be an object");
        }
        String mode = node.has("mode") ? node.get("mode").asText("") : Obligation.MANDATORY;
        if (!Obligation.MANDATORY.equals(mode) && !Obligation.SOFT.equals(mode)) {
            throw new InvalidRulesException(at + ".mode must be 'mandatory' or 'soft'");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> paramValues = params.isObject() ? JSON.convertValue(params, Map.class) : Map.of();
        return new ObligationRule(type, when, paramValues, mode, skip(node, mode, at), grants(node, type, at));
    }

    /** {@code skip}: {@code {"maxSkips": n, "remindAfter": "P7D"}} (either or both), on soft rules only. */
    private static SkipPolicy skip(JsonNode rule, String mode, String at) throws InvalidRulesException {
        if (!rule.has("skip")) {
            return null;
        }
        String here = at + ".skip";
        JsonNode skip = rule.get("skip");
        if (!Obligation.SOFT.equals(mode)) {
            throw new InvalidRulesException(here + " needs mode 'soft': a mandatory obligation cannot be skipped");
        }
        if (!skip.isObject() || skip.isEmpty()) {
            throw new InvalidRulesException(here + " must be an object with maxSkips and/or remindAfter");
        }
        for (Iterator<String> fields = skip.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!SKIP_FIELDS.contains(field)) {
                throw new InvalidRulesException(here + " has unknown field '" + field + "'");
            }
        }
        Integer maxSkips = null;
        if (skip.has("maxSkips")) {
            if (!skip.get("maxSkips").isInt() || skip.get("maxSkips").asInt() < 1) {
                throw new InvalidRulesException(here + ".maxSkips must be an integer of at least 1");
            }
            maxSkips = skip.get("maxSkips").asInt();
        }
        Duration remindAfter = null;
        if (skip.has("remindAfter")) {
            remindAfter = duration(skip.get("remindAfter"), here + ".remindAfter");
        }
        return new SkipPolicy(maxSkips, remindAfter);
    }

    /** An ISO-8601 duration such as {@code P30D} or {@code PT12H}, positive. */
    private static Duration duration(JsonNode value, String at) throws InvalidRulesException {
        try {
            Duration duration = value.isTextual() ? Duration.parse(value.asText()) : null;
            if (duration != null && !duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (DateTimeParseException unparsable) {
            // reported below
        }
        throw new InvalidRulesException(at + " must be a positive ISO-8601 duration such as \"P30D\" or \"PT12H\"");
    }

    /**
     * A rule of a custom type declares what fulfilling it may change; a built-in type's grants are
     * the contract's ({@code obligationGrants}) and cannot be widened by a rule.
     */
    private static Grants grants(JsonNode rule, String type, String at) throws InvalidRulesException {
        if (!rule.has("grants")) {
            return Grants.NONE;
        }
        if (EvidenceContract.get().obligationGrants().containsKey(type)) {
            throw new InvalidRulesException(at + ".grants is not allowed: what a " + type
                    + " obligation may change is fixed by the protocol");
        }
        try {
            return Grants.parse(rule.get("grants"), at + ".grants");
        } catch (InvalidGrantsException invalid) {
            throw new InvalidRulesException(invalid.getMessage());
        }
    }

    private static Condition condition(JsonNode node, String at) throws InvalidRulesException {
        if (!node.isObject() || node.size() != 1) {
            throw new InvalidRulesException(at + " must be an object with exactly one condition");
        }
        String kind = node.fieldNames().next();
        JsonNode value = node.get(kind);
        String here = at + "." + kind;
        switch (kind) {
            case "attributesMissing":
                return new Condition.AttributesMissing(names(value, here));
            case "profileRequiredMissing":
                if (!value.isBoolean() || !value.asBoolean()) {
                    throw new InvalidRulesException(here + " must be true");
                }
                return new Condition.ProfileRequiredMissing();
            case "attributeOlderThan":
                return olderThan(value, here);
            case "emailNotVerified":
                if (!value.isBoolean()) {
                    throw new InvalidRulesException(here + " must be true or false");
                }
                return new Condition.EmailNotVerified(value.asBoolean());
            case "credentialMissing":
                return new Condition.CredentialMissing(names(value, here));
            case "consentMissing":
                return new Condition.ConsentMissing(purposes(value, here));
            case "client":
                return new Condition.Client(names(value, here));
            case "not":
                return new Condition.Not(condition(value, here));
            case "all":
                return new Condition.All(conditions(value, here));
            case "any":
                return new Condition.Any(conditions(value, here));
            default:
                throw new InvalidRulesException(at + " has unknown condition '" + kind + "'");
        }
    }

    private static Condition olderThan(JsonNode value, String at) throws InvalidRulesException {
        if (!value.isObject() || value.size() != 2 || !value.path("attribute").isTextual() || !value.path("value").isTextual()
                || !NAME.matcher(value.get("attribute").asText()).matches()) {
            throw new InvalidRulesException(at + " must be {\"attribute\": name, \"value\": string}");
        }
        return new Condition.AttributeOlderThan(value.get("attribute").asText(), value.get("value").asText());
    }

    private static List<String> names(JsonNode value, String at) throws InvalidRulesException {
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidRulesException(at + " must be a non-empty array of names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : value) {
            if (!name.isTextual() || !NAME.matcher(name.asText()).matches()) {
                throw new InvalidRulesException(at + " has an invalid name (must match " + NAME.pattern() + ")");
            }
            names.add(name.asText());
        }
        return names;
    }

    /** {@code [purposes]} (any decision counts) or {@code {purpose: version}} (a decision for that version counts). */
    private static Map<String, String> purposes(JsonNode value, String at) throws InvalidRulesException {
        Map<String, String> purposes = new LinkedHashMap<>();
        if (value.isArray()) {
            for (String name : names(value, at)) {
                purposes.put(name, null);
            }
            return purposes;
        }
        if (!value.isObject() || value.isEmpty()) {
            throw new InvalidRulesException(at + " must be a non-empty array of purposes or an object of purpose -> version");
        }
        for (Map.Entry<String, JsonNode> purpose : value.properties()) {
            if (!NAME.matcher(purpose.getKey()).matches()) {
                throw new InvalidRulesException(at + " has an invalid purpose (must match " + NAME.pattern() + ")");
            }
            if (!purpose.getValue().isTextual() || !VERSION.matcher(purpose.getValue().asText()).matches()) {
                throw new InvalidRulesException(at + "." + purpose.getKey() + " must be a version matching " + VERSION.pattern());
            }
            purposes.put(purpose.getKey(), purpose.getValue().asText());
        }
        return purposes;
    }

    private static List<Condition> conditions(JsonNode value, String at) throws InvalidRulesException {
        if (!value.isArray()) {
            throw new InvalidRulesException(at + " must be an array of conditions");
        }
        List<Condition> conditions = new ArrayList<>();
        for (int index = 0; index < value.size(); index++) {
            conditions.add(condition(value.get(index), at + "[" + index + "]"));
        }
        return conditions;
    }
}
