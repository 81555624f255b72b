package io.iokeycloak.provider.obligation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;

import java.util.ArrayList;
import java.util.Iterator;
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
    private static final Set<String> RULE_FIELDS = Set.of("type", "when", "params", "mode", "grants");
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
    public List<Obligation> evaluate(UserFacts facts) {
        List<Obligation> owed = new ArrayList<>();
        for (ObligationRule rule : rules) {
            rule.evaluate(facts).ifPresent(owed::add);
        }
        return owed;
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
        return new ObligationRule(type, when, paramValues, mode, grants(node, type, at));
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
                return new Condition.ConsentMissing(names(value, here));
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
