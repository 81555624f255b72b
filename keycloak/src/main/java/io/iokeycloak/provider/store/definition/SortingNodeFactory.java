package io.iokeycloak.provider.store.definition;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.TreeMap;

/** Builds JSON objects whose keys stay sorted, so one tree has one text. */
final class SortingNodeFactory extends JsonNodeFactory {

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new TreeMap<>());
    }
}
