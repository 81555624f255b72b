package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvidenceActionParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<EvidenceAction> parse(String actions) throws Exception {
        return EvidenceActionParser.parse(JSON.readTree(actions), "corr-1");
    }

    private static void assertRefused(IoError expected, String actions) {
        EvidenceException refused = assertThrows(EvidenceException.class, () -> parse(actions));
        assertEquals(expected, refused.error(), refused.getMessage());
        assertEquals("corr-1", refused.correlationId());
    }

    @Test
    void everyActionOfTheVocabularyIsParsed() throws Exception {
        List<EvidenceAction> actions = parse("["
                + "{\"type\": \"set_session_note\", \"name\": \"assurance\", \"value\": \"high\"},"
                + "{\"type\": \"set_user_attributes\", \"attributes\": {\"company\": [\"ACME\"], \"phone\": []}},"
                + "{\"type\": \"mark_email_verified\"},"
                + "{\"type\": \"add_required_action\", \"action\": \"webauthn-register\"},"
                + "{\"type\": \"remove_required_action\", \"action\": \"VERIFY_EMAIL\"},"
                + "{\"type\": \"record_terms_acceptance\", \"version\": \"2026-10\"},"
                + "{\"type\": \"record_consent\", \"purposes\": {\"marketing\": true, \"analytics\": false}},"
                + "{\"type\": \"record_consent\", \"purposes\": {\"partners\": false}, \"versions\": {\"partners\": \"2026-05\"}},"
                + "{\"type\": \"raise_acr\", \"level\": \"gold\"},"
                + "{\"type\": \"sign_in_user\", \"user_id\": \"0f9e8d7c-1234-4bcd-9abc-0123456789ab\"},"
                + "{\"type\": \"identify_user\", \"email\": \"Bob@Example.com\"}]");

        assertEquals(List.of(
                new SetSessionNote("assurance", "high"),
                new EvidenceAction.SetUserAttributes(Map.of("company", List.of("ACME"), "phone", List.of())),
                new EvidenceAction.MarkEmailVerified(),
                new EvidenceAction.ChangeRequiredAction("webauthn-register", true),
                new EvidenceAction.ChangeRequiredAction("VERIFY_EMAIL", false),
                new EvidenceAction.RecordTermsAcceptance("2026-10"),
                new EvidenceAction.RecordConsent(Map.of("marketing", true, "analytics", false), Map.of()),
                new EvidenceAction.RecordConsent(Map.of("partners", false), Map.of("partners", "2026-05")),
                new EvidenceAction.RaiseAcr("gold"),
                new EvidenceAction.SignInUser("0f9e8d7c-1234-4bcd-9abc-0123456789ab"),
                new EvidenceAction.IdentifyUser("Bob@Example.com")), actions);
    }

    @Test
    void unknownTypesAreUnsupported() {
        assertRefused(IoError.EVIDENCE_UNSUPPORTED_ACTION, "[{\"type\": \"grant_role\", \"role\": \"admin\"}]");
        assertRefused(IoError.EVIDENCE_UNSUPPORTED_ACTION, "[{\"type\": \"set_user_attribute\", \"attributes\": {}}]");
    }

    @Test
    void illFormedActionsAreRefused() {
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"set_user_attributes\", \"attributes\": {}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"set_user_attributes\", \"attributes\": {\"company\": \"ACME\"}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"set_user_attributes\", \"attributes\": {\"company\": [1]}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"set_user_attributes\", \"attributes\": {\"bad name\": [\"x\"]}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"mark_email_verified\", \"email\": \"x@y\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"add_required_action\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"remove_required_action\", \"action\": \"a b\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_terms_acceptance\", \"version\": \"\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_terms_acceptance\", \"version\": \"" + "v".repeat(65) + "\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_consent\", \"purposes\": {\"marketing\": \"yes\"}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_consent\", \"purposes\": []}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_consent\", \"purposes\": {\"a\": true}, \"versions\": [\"1\"]}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_consent\", \"purposes\": {\"a\": true}, \"versions\": {\"b\": \"1\"}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"record_consent\", \"purposes\": {\"a\": true}, \"versions\": {\"a\": \"v 1\"}}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"raise_acr\", \"level\": 2}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"raise_acr\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"sign_in_user\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"sign_in_user\", \"user_id\": \"a/b\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"sign_in_user\", \"user_id\": \"u-1\", \"username\": \"bob\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"identify_user\", \"email\": \"bob\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"identify_user\", \"email\": \"bob @example.com\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"identify_user\", \"email\": \"" + "b".repeat(250) + "@x.io\"}]");
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"identify_user\", \"email\": \"bob@example.com\", \"user_id\": \"u-1\"}]");
    }

    @Test
    void oneBadActionRefusesTheWholeList() {
        assertRefused(IoError.EVIDENCE_BAD_ACTION, "[{\"type\": \"mark_email_verified\"}, {\"type\": \"raise_acr\", \"level\": \"\"}]");
    }

    @Test
    void actionsMustBeAnArray() {
        assertThrows(EvidenceException.class, () -> EvidenceActionParser.parse((JsonNode) null, "c"));
        assertRefused(IoError.EVIDENCE_MALFORMED, "{}");
    }
}
