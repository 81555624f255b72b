package io.iokeycloak.provider.admin.api;

import io.iokeycloak.provider.admin.validation.Verdict;
import io.iokeycloak.provider.store.definition.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bridge's issues as the publish refusal's problems. */
class FlowPublisherTest {

    @Test
    void anIssueOfTheCandidateIsADraftField() {
        assertEquals(new Problem("draft/nodes/2/config/fields", "ask", "required"),
                FlowPublisher.problem("signup", new Verdict.Issue("signup@3", "ask", "nodes/2/config/fields", "required")));
        assertEquals(new Problem("draft/start", null, "no node"),
                FlowPublisher.problem("signup", new Verdict.Issue("signup", null, "start", "no node")));
        // The bridge labels the candidate it was sent "flow".
        assertEquals(new Problem("draft/start", null, "no node"),
                FlowPublisher.problem("signup", new Verdict.Issue("flow", null, "start", "no node")));
    }

    @Test
    void anIssueOfALibraryFlowNamesIt() {
        assertEquals(new Problem("library/collect-phone@2/outputs", null, "unknown output"),
                FlowPublisher.problem("signup", new Verdict.Issue("collect-phone@2", null, "outputs", "unknown output")));
    }
}
