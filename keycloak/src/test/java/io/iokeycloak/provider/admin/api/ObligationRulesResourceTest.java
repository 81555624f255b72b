package io.iokeycloak.provider.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.store.definition.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PUT /io/obligation-rules (and its validate): the whole policy, each rule parsed as logins parse it. */
class ObligationRulesResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TERMS = "{\"type\": \"require_terms_acceptance\", \"params\": {\"version\": \"2026-10\"},"
            + " \"when\": {\"attributeOlderThan\": {\"attribute\": \"io_terms_version\", \"value\": \"2026-10\"}}}";
    private static final String PASSKEY = "{\"type\": \"require_credential_enrollment\", \"mode\": \"soft\","
            + " \"when\": {\"credentialMissing\": [\"webauthn-passwordless\"]}}";

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    /** The problems of a body PUT would refuse (the 400's {@code errors}). */
    private static List<Problem> refusal(String json) throws Exception {
        return ObligationRulesResource.problems(body(json));
    }

    @Test
    void aValidPolicyIsStoredAsSentInRuleOrder() throws Exception {
        assertEquals(List.of(), refusal("{\"rules\": [" + TERMS + ", " + PASSKEY + "], \"scope\": \"all\"}"));
        ObligationRulesResource.Policy policy = ObligationRulesResource.policy(body("{\"rules\": [" + TERMS + ", " + PASSKEY + "], \"scope\": \"all\"}"));
        assertEquals("all", policy.scope());
        assertEquals(body("[" + TERMS + ", " + PASSKEY + "]"), JSON.readTree(policy.text()));
        assertEquals(Map.of("rules", body("[" + TERMS + ", " + PASSKEY + "]"), "scope", "all"), policy.view());
        assertEquals("[]", ObligationRulesResource.policy(body("{\"rules\": [], \"scope\": \"io-clients\"}")).text());
    }

    @Test
    void anInvalidRuleIsNamedByItsPlaceWithTheParsersMessage() throws Exception {
        assertEquals(List.of(Problem.of("rules/1", "rules[1].when has unknown condition 'attributeMissing'")),
                refusal("{\"rules\": [" + TERMS + ", {\"type\": \"require_attributes\", \"when\": {\"attributeMissing\": [\"company\"]}}],"
                        + " \"scope\": \"io-clients\"}"));
        assertEquals(List.of(Problem.of("rules/0", "rules[0].mode must be 'mandatory' or 'soft'")),
                refusal("{\"rules\": [{\"type\": \"t\", \"mode\": \"later\", \"when\": {\"emailNotVerified\": true}}], \"scope\": \"all\"}"));
        // A built-in type's grants are the protocol's: a rule cannot widen them.
        List<Problem> grants = refusal("{\"rules\": [{\"type\": \"require_attributes\", \"when\": {\"attributesMissing\": [\"a\"]},"
                + " \"grants\": []}], \"scope\": \"all\"}");
        assertEquals("rules/0", grants.get(0).field());
        assertEquals("rules[0].grants is not allowed: what a require_attributes obligation may change is fixed by the protocol",
                grants.get(0).message());
    }

    @Test
    void everyFieldAtFaultIsListed() throws Exception {
        assertEquals(List.of(
                Problem.of("extra", "unknown field (allowed: rules, scope)"),
                Problem.of("scope", "required: \"io-clients\" (logins of clients with IO on) or \"all\" (every client's logins)"),
                Problem.of("rules", "required: an array of rules {type, when, params?, mode?, skip?, grants?}")),
                refusal("{\"extra\": 1, \"scope\": \"some\", \"rules\": {}}"));
        assertEquals(List.of("scope"), refusal("{\"rules\": [], \"scope\": true}").stream().map(Problem::field).toList());
        assertEquals(List.of(""), refusal("[]").stream().map(Problem::field).toList());
    }

    @Test
    void aMessageWithoutARulePlaceIsAProblemOfTheRules() {
        assertEquals(Problem.of("rules", "must be a JSON array of rules"), ObligationRulesResource.problem("must be a JSON array of rules"));
        assertEquals("rules/12", ObligationRulesResource.problem("rules[12].when.all[0] must be an object with exactly one condition").field());
    }
}
