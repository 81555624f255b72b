package io.iokeycloak.provider.obligation;

import io.iokeycloak.provider.consent.ConsentRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule features the known-user journeys use: clients, versioned consent, remembered skips, reviews, prefill. */
class ObligationJourneysTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private static List<Obligation> owed(String rules, UserFacts facts, Instant now) throws Exception {
        return ObligationRules.parse(rules).evaluate(facts, now);
    }

    private static String consent(boolean granted, String version) {
        return new ConsentRecord(granted, version, "2026-04-01T00:00:00Z").toAttributeValue();
    }

    private static String skipped(int count, Instant at) {
        return new SkipState(count, at).toAttributeValue();
    }

    // --- what a client needs ---

    @Test
    void clientLimitsARuleToTheLoginsOfTheListedClients() throws Exception {
        String rules = "[{\"type\": \"require_attributes\", \"when\": {\"all\": [{\"client\": [\"partner-portal\"]}, "
                + "{\"attributesMissing\": [\"company\", \"jobTitle\"]}]}}]";
        FakeFacts user = new FakeFacts().with("jobTitle", "Engineer");

        assertEquals(List.of("company"), owed(rules, user.client("partner-portal"), NOW).get(0).params().get("fields"));
        assertTrue(owed(rules, user.client("shop"), NOW).isEmpty());
    }

    // --- consent with versions ---

    @Test
    void aNewPurposeVersionAsksAgainAndSaysWhichVersion() throws Exception {
        String rules = "[{\"type\": \"require_consent\", \"when\": {\"consentMissing\": {\"marketing\": \"2\", \"analytics\": \"1\"}}}]";
        FakeFacts user = new FakeFacts()
                .with("io_consent.marketing", consent(true, "1"))
                .with("io_consent.analytics", consent(false, "1"));

        Obligation owed = owed(rules, user, NOW).get(0);
        assertEquals(List.of("marketing"), owed.params().get("purposes"));
        assertEquals(Map.of("marketing", "2"), owed.params().get("versions"));
        assertFalse(owed.params().containsKey("granted"), "a grant of version 1 is no grant of version 2");

        user.with("io_consent.marketing", consent(false, "2"));
        assertTrue(owed(rules, user, NOW).isEmpty(), "a decision on the current version, granted or not, answers it");
    }

    @Test
    void withoutVersionsAnyRecordedDecisionCounts() throws Exception {
        String rules = "[{\"type\": \"require_consent\", \"when\": {\"consentMissing\": [\"marketing\"]}}]";
        assertTrue(owed(rules, new FakeFacts().with("io_consent.marketing", consent(true, "7")), NOW).isEmpty());
        assertFalse(owed(rules, new FakeFacts(), NOW).get(0).params().containsKey("versions"));
    }

    @Test
    void aValueThatIsNoConsentRecordDoesNotAnswerAVersion() throws Exception {
        String rules = "[{\"type\": \"require_consent\", \"when\": {\"consentMissing\": {\"marketing\": \"1\"}}}]";
        assertEquals(1, owed(rules, new FakeFacts().with("io_consent.marketing", "granted:2026-01-01T00:00:00Z"), NOW).size());
    }

    // --- skips remembered ---

    @Test
    void aSkipIsRememberedForRemindAfter() throws Exception {
        String rules = "[{\"type\": \"require_credential_enrollment\", \"mode\": \"soft\", \"skip\": {\"remindAfter\": \"P7D\"},"
                + " \"when\": {\"credentialMissing\": [\"webauthn-passwordless\"]}}]";
        FakeFacts user = new FakeFacts().with("io_skipped.require_credential_enrollment", skipped(1, NOW.minus(Duration.ofDays(6))));

        assertTrue(owed(rules, user, NOW).isEmpty(), "six days after the skip: not asked");
        Obligation later = owed(rules, user, NOW.plus(Duration.ofDays(2))).get(0);
        assertEquals("soft", later.mode(), "after seven days: asked again, still skippable");
        assertEquals("soft", owed(rules, new FakeFacts(), NOW).get(0).mode());
    }

    @Test
    void afterMaxSkipsTheObligationIsMandatory() throws Exception {
        String rules = "[{\"type\": \"require_attributes\", \"mode\": \"soft\", \"skip\": {\"maxSkips\": 2},"
                + " \"when\": {\"attributesMissing\": [\"company\"]}}]";

        assertEquals("soft", owed(rules, new FakeFacts().with("io_skipped.require_attributes", skipped(1, NOW)), NOW).get(0).mode());
        assertEquals("mandatory", owed(rules, new FakeFacts().with("io_skipped.require_attributes", skipped(2, NOW)), NOW).get(0).mode());
    }

    @Test
    void snoozeComesBeforeTheLastChance() throws Exception {
        String rules = "[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {\"maxSkips\": 1, \"remindAfter\": \"PT1H\"},"
                + " \"when\": {\"attributesMissing\": [\"company\"]}}]";
        FakeFacts user = new FakeFacts().with("io_skipped.t", skipped(1, NOW));

        assertTrue(owed(rules, user, NOW.plusSeconds(60)).isEmpty());
        assertEquals("mandatory", owed(rules, user, NOW.plusSeconds(3601)).get(0).mode());
    }

    @Test
    void skipStateRoundTripsAndUnreadableValuesCountAsNone() {
        SkipState state = SkipState.NONE.skipped(NOW).skipped(NOW.plusSeconds(5));
        assertEquals(new SkipState(2, NOW.plusSeconds(5)), SkipState.of(List.of(state.toAttributeValue())));
        assertEquals(SkipState.NONE, SkipState.of(List.of("3")));
        assertEquals(SkipState.NONE, SkipState.of(List.of("{\"count\": 1.5, \"at\": \"2026-05-01T10:00:00Z\"}")));
        assertEquals(SkipState.NONE, SkipState.of(List.of("{\"count\": 1, \"at\": \"yesterday\"}")));
        assertEquals(SkipState.NONE, SkipState.of(List.of()));
    }

    @Test
    void skipSettingsAreCheckedStrictly() {
        assertInvalid("[{\"type\": \"t\", \"skip\": {\"maxSkips\": 1}, \"when\": {\"emailNotVerified\": true}}]", "needs mode 'soft'");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {}, \"when\": {\"emailNotVerified\": true}}]", "rules[0].skip");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {\"maxSkips\": 0}, \"when\": {\"emailNotVerified\": true}}]", "maxSkips");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {\"remindAfter\": \"7 days\"}, \"when\": {\"emailNotVerified\": true}}]", "remindAfter");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {\"remindAfter\": \"-P1D\"}, \"when\": {\"emailNotVerified\": true}}]", "remindAfter");
        assertInvalid("[{\"type\": \"t\", \"mode\": \"soft\", \"skip\": {\"forever\": true}, \"when\": {\"emailNotVerified\": true}}]", "unknown field 'forever'");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"consentMissing\": {\"marketing\": 2}}}]", "consentMissing.marketing");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"consentMissing\": {}}}]", "consentMissing");
        assertInvalid("[{\"type\": \"t\", \"when\": {\"client\": []}}]", "client");
    }

    // --- review (self-service) and prefill ---

    @Test
    void aReviewAsksEverythingTheRulesOfThatTypeNamePrefilledWithWhatTheUserHas() throws Exception {
        ObligationRules rules = ObligationRules.parse("["
                + "{\"type\": \"require_consent\", \"when\": {\"all\": [{\"client\": [\"shop\"]}, {\"consentMissing\": {\"marketing\": \"2\", \"analytics\": \"1\"}}]}},"
                + "{\"type\": \"require_attributes\", \"mode\": \"soft\", \"skip\": {\"maxSkips\": 1}, \"when\": {\"attributesMissing\": [\"company\", \"jobTitle\"]}}]");
        FakeFacts user = new FakeFacts().client("account-console")
                .with("io_consent.marketing", consent(true, "2"))
                .with("io_consent.analytics", consent(true, "0"))
                .with("company", "ACME")
                .with("io_skipped.require_attributes", skipped(5, NOW));

        List<Obligation> consent = rules.review("require_consent", user);
        assertEquals(1, consent.size());
        assertEquals("soft", consent.get(0).mode(), "leaving a review changes nothing");
        assertEquals(List.of("marketing", "analytics"), consent.get(0).params().get("purposes"));
        assertEquals(Map.of("marketing", "2", "analytics", "1"), consent.get(0).params().get("versions"));
        assertEquals(List.of("marketing"), consent.get(0).params().get("granted"), "only grants of the current version are prechecked");

        Obligation profile = rules.review("require_attributes", user).get(0);
        assertEquals("soft", profile.mode(), "a review is never made mandatory by used-up skips");
        assertEquals(List.of("company", "jobTitle"), profile.params().get("fields"));
        assertEquals(Map.of("company", "ACME"), profile.params().get("values"));

        assertTrue(rules.review("require_terms_acceptance", user).isEmpty(), "no rule of that type: nothing to review");
    }

    @Test
    void aReviewStillEvaluatesWhatNamesNothingToAsk() throws Exception {
        ObligationRules rules = ObligationRules.parse("[{\"type\": \"require_email_verification\", \"when\": {\"emailNotVerified\": true}}]");
        assertTrue(rules.review("require_email_verification", new FakeFacts().emailVerified(true)).isEmpty());
        assertEquals(1, rules.review("require_email_verification", new FakeFacts().emailVerified(false)).size());
    }

    @Test
    void consentRecordsRoundTrip() {
        ConsentRecord record = new ConsentRecord(true, "2026-05", "2026-05-01T10:00:00Z");
        assertEquals("{\"granted\":true,\"version\":\"2026-05\",\"at\":\"2026-05-01T10:00:00Z\"}", record.toAttributeValue());
        assertEquals(record, ConsentRecord.parse(record.toAttributeValue()).orElseThrow());
        ConsentRecord unversioned = new ConsentRecord(false, null, "2026-05-01T10:00:00Z");
        assertEquals(unversioned, ConsentRecord.parse(unversioned.toAttributeValue()).orElseThrow());
        assertTrue(unversioned.answers(null));
        assertFalse(unversioned.answers("1"));
        assertTrue(ConsentRecord.parse("denied:2026-01-01T00:00:00Z").isEmpty());
        assertTrue(ConsentRecord.parse("{\"granted\": \"yes\", \"at\": \"x\"}").isEmpty());
    }

    private static void assertInvalid(String rules, String expectedInMessage) {
        InvalidRulesException invalid = assertThrows(InvalidRulesException.class, () -> ObligationRules.parse(rules));
        assertTrue(invalid.getMessage().contains(expectedInMessage), invalid.getMessage());
    }
}
