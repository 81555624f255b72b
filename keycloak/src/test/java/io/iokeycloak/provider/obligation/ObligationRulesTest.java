package io.iokeycloak.provider.obligation;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObligationRulesTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private static List<Obligation> owed(String rules, UserFacts facts) throws Exception {
        return ObligationRules.parse(rules).evaluate(facts, NOW);
    }

    private static boolean holds(String when, UserFacts facts) throws Exception {
        return !owed("[{\"type\": \"t\", \"when\": " + when + "}]", facts).isEmpty();
    }

    // --- primitives ---

    @Test
    void attributesMissingAsksForExactlyTheMissingOnes() throws Exception {
        List<Obligation> owed = owed("[{\"type\": \"require_attributes\", \"when\": {\"attributesMissing\": "
                + "[\"company\", \"phone\", \"country\"]}, \"params\": {\"fields\": [\"stale\"], \"title\": \"More\"}}]",
                new FakeFacts().with("phone", "+49 1").with("country", " "));

        assertEquals(1, owed.size());
        assertEquals("require_attributes", owed.get(0).type());
        assertEquals("mandatory", owed.get(0).mode());
        assertEquals(List.of("company", "country"), owed.get(0).params().get("fields"));
        assertEquals("More", owed.get(0).params().get("title"));
        assertTrue(owed("[{\"type\": \"require_attributes\", \"when\": {\"attributesMissing\": [\"company\"]}}]",
                new FakeFacts().with("company", "ACME")).isEmpty());
    }

    @Test
    void profileRequiredMissingUsesTheUserProfile() throws Exception {
        FakeFacts facts = new FakeFacts().profileRequires("company", "firstName").with("firstName", "Alice");
        List<Obligation> owed = owed("[{\"type\": \"require_attributes\", \"when\": {\"profileRequiredMissing\": true}}]", facts);

        assertEquals(List.of("company"), owed.get(0).params().get("fields"));
        assertFalse(holds("{\"profileRequiredMissing\": true}", new FakeFacts().profileRequires("firstName").with("firstName", "A")));
    }

    @Test
    void attributeOlderThanComparesStringsAndTreatsMissingAsOlder() throws Exception {
        String when = "{\"attributeOlderThan\": {\"attribute\": \"io_terms_version\", \"value\": \"2026-10\"}}";
        assertTrue(holds(when, new FakeFacts()));
        assertTrue(holds(when, new FakeFacts().with("io_terms_version", "2026-09")));
        assertFalse(holds(when, new FakeFacts().with("io_terms_version", "2026-10")));
        assertFalse(holds(when, new FakeFacts().with("io_terms_version", "2027-01")));
    }

    @Test
    void emailNotVerified() throws Exception {
        assertTrue(holds("{\"emailNotVerified\": true}", new FakeFacts().emailVerified(false)));
        assertFalse(holds("{\"emailNotVerified\": true}", new FakeFacts().emailVerified(true)));
        assertTrue(holds("{\"emailNotVerified\": false}", new FakeFacts().emailVerified(true)));
    }

    @Test
    void credentialMissingNamesTheMissingTypes() throws Exception {
        List<Obligation> owed = owed("[{\"type\": \"require_credential_enrollment\", \"mode\": \"soft\", "
                + "\"when\": {\"credentialMissing\": [\"webauthn\", \"otp\"]}}]", new FakeFacts().credential("otp"));

        assertEquals("soft", owed.get(0).mode());
        assertEquals(List.of("webauthn"), owed.get(0).params().get("credentialTypes"));
        assertFalse(holds("{\"credentialMissing\": [\"otp\"]}", new FakeFacts().credential("otp")));
    }

    @Test
    void consentMissingLooksAtConsentAttributes() throws Exception {
        List<Obligation> owed = owed("[{\"type\": \"require_consent\", \"when\": {\"consentMissing\": [\"marketing\", \"analytics\"]}}]",
                new FakeFacts().with("io_consent.analytics", "denied:2026-01-01T00:00:00Z"));

        assertEquals(List.of("marketing"), owed.get(0).params().get("purposes"));
    }

    // --- composition ---

    @Test
    void notAllAndAnyCompose() throws Exception {
        FakeFacts facts = new FakeFacts().with("company", "ACME").emailVerified(false);
        assertTrue(holds("{\"not\": {\"attributesMissing\": [\"company\"]}}", facts));
        assertTrue(holds("{\"all\": [{\"emailNotVerified\": true}, {\"not\": {\"attributesMissing\": [\"company\"]}}]}", facts));
        assertFalse(holds("{\"all\": [{\"emailNotVerified\": true}, {\"attributesMissing\": [\"company\"]}]}", facts));
        assertTrue(holds("{\"any\": [{\"attributesMissing\": [\"company\"]}, {\"emailNotVerified\": true}]}", facts));
        assertFalse(holds("{\"any\": []}", facts));
        assertTrue(holds("{\"all\": []}", facts));
    }

    @Test
    void compositionCollectsOnlyWhatHeldAsMissing() throws Exception {
        FakeFacts facts = new FakeFacts().with("phone", "1");
        List<Obligation> owed = owed("[{\"type\": \"require_attributes\", \"when\": {\"any\": ["
                + "{\"attributesMissing\": [\"company\"]}, {\"attributesMissing\": [\"phone\"]}, "
                + "{\"all\": [{\"attributesMissing\": [\"city\"]}, {\"emailNotVerified\": true}]}]}}]", facts);

        assertEquals(List.of("company"), owed.get(0).params().get("fields"));
        List<Obligation> negated = owed("[{\"type\": \"x\", \"when\": {\"not\": {\"attributesMissing\": [\"phone\"]}}}]", facts);
        assertFalse(negated.get(0).params().containsKey("fields"));
    }

    // --- open vocabulary and rule list ---

    @Test
    void anyObligationTypeIsAccepted() throws Exception {
        List<Obligation> owed = owed("[{\"type\": \"acme.partner_kyc\", \"when\": {\"attributesMissing\": [\"partner_id\"]},"
                + " \"params\": {\"level\": 2, \"nested\": {\"a\": [1, 2]}}}]", new FakeFacts());

        assertEquals("acme.partner_kyc", owed.get(0).type());
        assertEquals(2, owed.get(0).params().get("level"));
        assertEquals(Map.of("a", List.of(1, 2)), owed.get(0).params().get("nested"));
    }

    @Test
    void rulesFireInOrderAndIndependently() throws Exception {
        List<Obligation> owed = owed("["
                + "{\"type\": \"require_terms_acceptance\", \"params\": {\"version\": \"2026-10\"},"
                + " \"when\": {\"attributeOlderThan\": {\"attribute\": \"io_terms_version\", \"value\": \"2026-10\"}}},"
                + "{\"type\": \"require_email_verification\", \"when\": {\"emailNotVerified\": true}},"
                + "{\"type\": \"require_attributes\", \"when\": {\"attributesMissing\": [\"company\"]}}]",
                new FakeFacts().emailVerified(true));

        assertEquals(List.of("require_terms_acceptance", "require_attributes"), owed.stream().map(Obligation::type).toList());
        assertEquals(Map.of("version", "2026-10"), owed.get(0).params());
    }

    @Test
    void noRulesMeansNothingOwed() throws Exception {
        assertTrue(ObligationRules.parse(null).evaluate(new FakeFacts(), NOW).isEmpty());
        assertTrue(ObligationRules.parse(" ").evaluate(new FakeFacts(), NOW).isEmpty());
        assertTrue(ObligationRules.parse("[]").evaluate(new FakeFacts(), NOW).isEmpty());
    }

    @Test
    void invalidRulesAreRefusedWithTheirPlace() {
        assertInvalid("{}", "array");
        assertInvalid("[{\"type\": \"t\"}]", "rules[0].when is missing");
        assertInvalid("[{\"type\": \"bad type\", \"when\": {\"emailNotVerified\": true}}]", "rules[0].type");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"emailNotVerifed\": true}}]", "unknown condition 'emailNotVerifed'");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"all\": [{\"attributesMissing\": []}]}}]", "rules[0].when.all[0].attributesMissing");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"emailNotVerified\": true, \"not\": {}}}]", "exactly one condition");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"maybe\", \"when\": {\"emailNotVerified\": true}}]", "mode");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"emailNotVerified\": true}, \"extra\": 1}]", "unknown field 'extra'");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"attributeOlderThan\": {\"attribute\": \"a\"}}}]", "attributeOlderThan");
        assertInvalid("not json", "not JSON");
    }

    private static void assertInvalid(String rules, String expectedInMessage) {
        InvalidRulesException invalid = assertThrows(InvalidRulesException.class, () -> ObligationRules.parse(rules));
        assertTrue(invalid.getMessage().contains(expectedInMessage), invalid.getMessage());
    }
}
