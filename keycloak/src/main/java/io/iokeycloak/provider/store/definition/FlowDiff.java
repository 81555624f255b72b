package io.iokeycloak.provider.store.definition;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two flow definitions, in the terms of the flow graph: nodes added, removed
 * or changed (by id, with the node fields that differ), links added or removed, and the other
 * top-level fields that differ. The designer highlights these on the canvas.
 */
public record FlowDiff(Nodes nodes, Links links, List<String> fields) {

    public record Nodes(List<String> added, List<String> removed, List<ChangedNode> changed) {
    }

    public record ChangedNode(String id, List<String> fields) {
    }

    /** A link as {@code from.output->to}. */
    public record Links(List<String> added, List<String> removed) {
    }

    public static FlowDiff between(JsonNode from, JsonNode to) {
        Map<String, JsonNode> before = nodesById(from);
        Map<String, JsonNode> after = nodesById(to);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<ChangedNode> changed = new ArrayList<>();
        after.keySet().stream().filter(id -> !before.containsKey(id)).forEach(added::add);
        before.keySet().stream().filter(id -> !after.containsKey(id)).forEach(removed::add);
        before.forEach((id, node) -> {
            JsonNode other = after.get(id);
            if (other != null && !node.equals(other)) {
                changed.add(new ChangedNode(id, differingFields(node, other, Set.of())));
            }
        });
        Set<String> linksBefore = links(from);
        Set<String> linksAfter = links(to);
        return new FlowDiff(new Nodes(added, removed, changed),
                new Links(minus(linksAfter, linksBefore), minus(linksBefore, linksAfter)),
                differingFields(from, to, Set.of("nodes", "links")));
    }

    public boolean isEmpty() {
        return nodes.added.isEmpty() && nodes.removed.isEmpty() && nodes.changed.isEmpty()
                && links.added.isEmpty() && links.removed.isEmpty() && fields.isEmpty();
    }

    private static Map<String, JsonNode> nodesById(JsonNode definition) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (JsonNode node : definition.path("nodes")) {
            String id = FlowDefinitions.text(node, "id");
            if (id != null) {
                byId.putIfAbsent(id, node);
            }
        }
        return byId;
    }

    private static Set<String> links(JsonNode definition) {
        Set<String> links = new LinkedHashSet<>();
        for (JsonNode link : definition.path("links")) {
            links.add(FlowDefinitions.text(link, "from") + "." + FlowDefinitions.text(link, "output") + "->" + FlowDefinitions.text(link, "to"));
        }
        return links;
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        return a.stream().filter(link -> !b.contains(link)).toList();
    }

    private static List<String> differingFields(JsonNode a, JsonNode b, Set<String> ignored) {
        Set<String> names = new TreeSet<>();
        for (JsonNode node : List.of(a, b)) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names.stream()
                .filter(name -> !ignored.contains(name))
                .filter(name -> !Objects.equals(a.get(name), b.get(name)))
                .toList();
    }
}
