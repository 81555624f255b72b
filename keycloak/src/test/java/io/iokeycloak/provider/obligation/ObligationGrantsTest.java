package io.iokeycloak.provider.obligation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an owed obligation authorizes: the contract's obligationGrants for built-in types, the rule's own grants otherwise. */
class ObligationGrantsTest {

    private static Obligation owed(String rule, FakeFacts facts) throws Exception {
        return ObligationRules.parse("[" + rule + "]").evaluate(facts, Instant.EPOCH).get(0);
    }

    @Test
    void builtInTypesAuthorizeWhatTheContractSaysFilledFromTheirParams() throws Exception {
        Obligation attributes = owed("{\"type\": \"require_attributes\", \"when\": {\"attributesMissing\": [\"company\", \"phone\"]}}",
                new FakeFacts().with("phone", "1"));
        assertEquals(List.of(Map.of("type", "set_user_attributes", "attributes", List.of("company"))), attributes.grants().toJson());

        Obligation terms = owed("{\"type\": \"require_terms_acceptance\", \"params\": {\"version\": \"2026-10\"},"
                + " \"when\": {\"attributesMissing\": [\"io_terms_version\"]}}", new FakeFacts());
        assertEquals(List.of(Map.of("type", "record_terms_acceptance", "versions", List.of("2026-10"))), terms.grants().toJson());

        Obligation email = owed("{\"type\": \"require_email_verification\", \"when\": {\"emailNotVerified\": true}}",
                new FakeFacts().emailVerified(false));
        assertEquals(List.of(Map.of("type", "mark_email_verified"),
                Map.of("type", "remove_required_action", "actions", List.of("VERIFY_EMAIL"))), email.grants().toJson());
    }

    @Test
    void aRequiredGrantFieldWithoutItsParamAllowsNothingAndAnOptionalOneAnything() {
        assertEquals(List.of(Map.of("type", "set_user_attributes", "attributes", List.of())),
                new Obligation("require_attributes", "mandatory", Map.of()).grants().toJson());
        assertEquals(List.of(Map.of("type", "record_terms_acceptance")),
                new Obligation("require_terms_acceptance", "mandatory", Map.of()).grants().toJson());
    }

    @Test
    void aCustomTypeAuthorizesWhatItsRuleDeclaresAndNothingWithoutIt() throws Exception {
        Obligation plan = owed("{\"type\": \"choose_plan\", \"when\": {\"attributesMissing\": [\"plan\"]},"
                + " \"grants\": [{\"type\": \"set_user_attributes\", \"attributes\": [\"plan\"]}]}", new FakeFacts());
        assertEquals(List.of(Map.of("type", "set_user_attributes", "attributes", List.of("plan"))), plan.grants().toJson());
        assertEquals(List.of(), owed("{\"type\": \"choose_plan\", \"when\": {\"attributesMissing\": [\"plan\"]}}",
                new FakeFacts()).grants().toJson());
        assertTrue(!plan.toJson().containsKey("grants"), "grants travel in the handoff's grants claim, not in the obligation");
    }

    @Test
    void grantsCannotWidenABuiltInTypeAndMustHaveTheContractsShape() {
        String widened = assertThrows(InvalidRulesException.class, () -> ObligationRules.parse("[{\"type\": \"require_attributes\","
                + " \"when\": {\"attributesMissing\": [\"a\"]}, \"grants\": [{\"type\": \"mark_email_verified\"}]}]")).getMessage();
        assertTrue(widened.contains("rules[0].grants is not allowed"), widened);

        String shape = assertThrows(InvalidRulesException.class, () -> ObligationRules.parse("[{\"type\": \"choose_plan\","
                + " \"when\": {\"attributesMissing\": [\"a\"]}, \"grants\": [{\"type\": \"set_user_attributes\"}]}]")).getMessage();
        assertTrue(shape.contains("rules[0].grants[0]"), shape);
    }
}
