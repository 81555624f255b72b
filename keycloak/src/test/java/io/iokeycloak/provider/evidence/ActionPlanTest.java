package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionPlanTest {

    /** A realm whose profile accepts a 'company' of at most 10 characters and nothing called 'role'. */
    private static final class FakeRealm implements ActionTarget {
        final List<Map<String, List<String>>> validated = new ArrayList<>();

        @Override
        public List<AttributeProblem> validateAttributes(Map<String, List<String>> attributes) {
            validated.add(attributes);
            List<AttributeProblem> problems = new ArrayList<>();
            attributes.forEach((name, values) -> {
                if (name.equals("role")) {
                    problems.add(new AttributeProblem(name, "not user-editable"));
                } else if (values.stream().anyMatch(value -> value.length() > 10)) {
                    problems.add(new AttributeProblem(name, "error-invalid-length"));
                }
            });
            return problems;
        }

        @Override
        public boolean requiredActionEnabled(String alias) {
            return Set.of("webauthn-register", "VERIFY_EMAIL").contains(alias);
        }

        @Override
        public Map<String, Integer> acrLoaMap() {
            return Map.of("silver", 1, "gold", 2);
        }
    }

    private static ActionPlan check(FakeRealm realm, EvidenceAction... actions) throws EvidenceException {
        return ActionPlan.check(List.of(actions), realm, "corr-1");
    }

    @Test
    void validActionsMakeOnePlan() throws Exception {
        FakeRealm realm = new FakeRealm();
        ActionPlan plan = check(realm,
                new SetSessionNote("a", "b"),
                new EvidenceAction.SetUserAttributes(Map.of("company", List.of("ACME"))),
                new EvidenceAction.SetUserAttributes(Map.of("phone", List.of("1"), "company", List.of("ACME2"))),
                new EvidenceAction.MarkEmailVerified(),
                new EvidenceAction.ChangeRequiredAction("webauthn-register", true),
                new EvidenceAction.RecordTermsAcceptance("2026-10"),
                new EvidenceAction.RecordConsent(Map.of("marketing", true), Map.of("marketing", "3")),
                new EvidenceAction.RaiseAcr("gold"),
                new EvidenceAction.RaiseAcr("silver"));

        assertEquals(Map.of("company", List.of("ACME2"), "phone", List.of("1")), plan.userAttributes());
        assertEquals(1, realm.validated.size(), "attributes are validated together, once");
        assertTrue(plan.markEmailVerified());
        assertEquals(List.of(new EvidenceAction.ChangeRequiredAction("webauthn-register", true)), plan.requiredActions());
        assertEquals("2026-10", plan.termsVersion());
        assertEquals(Map.of("marketing", new EvidenceAction.RecordConsent.Decision(true, "3")), plan.consents());
        assertEquals(OptionalInt.of(2), plan.acrLevel(), "the highest level wins");
        assertEquals(List.of(new SetSessionNote("a", "b")), plan.sessionNotes());
    }

    @Test
    void anInvalidValueRefusesEverythingAndNamesTheAttribute() {
        EvidenceException refused = assertThrows(EvidenceException.class, () -> check(new FakeRealm(),
                new EvidenceAction.MarkEmailVerified(),
                new EvidenceAction.RecordTermsAcceptance("2026-10"),
                new EvidenceAction.SetUserAttributes(Map.of("company", List.of("A very long company name")))));

        assertEquals(IoError.EVIDENCE_INVALID_VALUE, refused.error());
        assertEquals("company", refused.attribute());
        assertEquals("corr-1", refused.correlationId());
    }

    @Test
    void attributesTheProfileDoesNotLetUsersEditAreRefused() {
        EvidenceException refused = assertThrows(EvidenceException.class, () -> check(new FakeRealm(),
                new EvidenceAction.SetUserAttributes(Map.of("role", List.of("admin")))));
        assertEquals(IoError.EVIDENCE_INVALID_VALUE, refused.error());
        assertEquals("role", refused.attribute());
    }

    @Test
    void unknownRequiredActionsAreRefused() {
        EvidenceException refused = assertThrows(EvidenceException.class, () -> check(new FakeRealm(),
                new EvidenceAction.ChangeRequiredAction("delete-account", true)));
        assertEquals(IoError.EVIDENCE_BAD_ACTION, refused.error());
    }

    @Test
    void unknownAcrValuesAndIntegerLevelsAreRefused() {
        assertEquals(IoError.EVIDENCE_BAD_ACTION, assertThrows(EvidenceException.class,
                () -> check(new FakeRealm(), new EvidenceAction.RaiseAcr("platinum"))).error());
        assertEquals(IoError.EVIDENCE_BAD_ACTION, assertThrows(EvidenceException.class,
                () -> check(new FakeRealm(), new EvidenceAction.RaiseAcr("999"))).error());
    }

    @Test
    void noActionsMakeAnEmptyPlan() throws Exception {
        FakeRealm realm = new FakeRealm();
        ActionPlan plan = check(realm);
        assertTrue(plan.userAttributes().isEmpty());
        assertFalse(plan.markEmailVerified());
        assertTrue(plan.acrLevel().isEmpty());
        assertTrue(realm.validated.isEmpty(), "no profile validation without attributes");
    }
}
