package io.iokeycloak.provider.signup;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignupMarksTest {

    @Test
    void aPendingSignupIsAUserMarkedPendingWithTheJourneyThatCreatedIt() {
        Map<String, List<String>> user = Map.of("io.approval", List.of("pending"), "io.journey", List.of("corr-1"));
        assertEquals("corr-1", SignupMarks.pendingJourney(user::get));
    }

    @Test
    void noMarkAnotherValueOrNoSingleJourneyIsNotPending() {
        assertNull(SignupMarks.pendingJourney(Map.of("io.journey", List.of("corr-1"))::get));
        assertNull(SignupMarks.pendingJourney(Map.of("io.approval", List.of("approved"), "io.journey", List.of("corr-1"))::get));
        assertNull(SignupMarks.pendingJourney(Map.of("io.approval", List.of("pending", "pending"), "io.journey", List.of("corr-1"))::get));
        assertNull(SignupMarks.pendingJourney(Map.of("io.approval", List.of("pending"))::get));
        assertNull(SignupMarks.pendingJourney(Map.of("io.approval", List.of("pending"), "io.journey", List.of("a", "b"))::get));
        assertNull(SignupMarks.pendingJourney(Map.of("io.approval", List.of("pending"), "io.journey", List.of(" "))::get));
    }

    @Test
    void anOrganizationBelongsToTheSignupOnlyWhenTheSameJourneyCreatedIt() {
        assertTrue(SignupMarks.createdBy(Map.of("io.journey", List.of("corr-1")), "corr-1"));
        assertFalse(SignupMarks.createdBy(Map.of("io.journey", List.of("corr-2")), "corr-1"));
        assertFalse(SignupMarks.createdBy(Map.of("io.journey", List.of("corr-1", "corr-2")), "corr-1"));
        assertFalse(SignupMarks.createdBy(Map.of(), "corr-1"));
    }
}
