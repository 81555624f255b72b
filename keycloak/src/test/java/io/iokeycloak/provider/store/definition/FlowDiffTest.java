package io.iokeycloak.provider.store.definition;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowDiffTest {

    private static JsonNode json(String text) {
        return FlowDefinitions.parse(text.replace('\'', '"'), "");
    }

    @Test
    void namesNodesAddedRemovedAndChangedLinksAndOtherFields() {
        JsonNode v1 = json("{'version': '1', 'name': 'A', 'start': 'ask', 'nodes': [{'id': 'ask', 'type': 'form', 'config': {'title': 'Hi'}},"
                + " {'id': 'old', 'type': 'end'}], 'links': [{'from': 'ask', 'output': 'submitted', 'to': 'old'}]}");
        JsonNode v2 = json("{'version': '2', 'name': 'A', 'start': 'ask', 'nodes': [{'id': 'ask', 'type': 'form', 'config': {'title': 'Hello'}, 'when': 'true'},"
                + " {'id': 'new', 'type': 'end'}], 'links': [{'from': 'ask', 'output': 'submitted', 'to': 'new'}]}");

        FlowDiff diff = FlowDiff.between(v1, v2);

        assertEquals(List.of("new"), diff.nodes().added());
        assertEquals(List.of("old"), diff.nodes().removed());
        assertEquals(List.of(new FlowDiff.ChangedNode("ask", List.of("config", "when"))), diff.nodes().changed());
        assertEquals(List.of("ask.submitted->new"), diff.links().added());
        assertEquals(List.of("ask.submitted->old"), diff.links().removed());
        assertEquals(List.of("version"), diff.fields());
    }

    @Test
    void theSameDefinitionInAnotherKeyOrderHasNoDifference() {
        JsonNode a = json("{'id': 'f', 'nodes': [{'id': 'n', 'type': 'end', 'config': {'a': 1, 'b': 2}}], 'links': []}");
        JsonNode b = json("{'links': [], 'nodes': [{'config': {'b': 2, 'a': 1}, 'type': 'end', 'id': 'n'}], 'id': 'f'}");
        assertTrue(FlowDiff.between(a, b).isEmpty());
    }
}
