package io.iokeycloak.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iokeycloak.provider.store.definition.FlowDefinitions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The templates in the jar: {@code io-templates/*.json}, the bridge's shipped flows, listed by
 * {@code io-templates/index.txt} (written at build time). Read once per class loader.
 */
public final class TemplateCatalog {

    static final String DIRECTORY = "io-templates/";

    private static final class Shipped {
        static final TemplateCatalog CATALOG = load(TemplateCatalog.class.getClassLoader());
    }

    private final Map<String, Template> byId;

    TemplateCatalog(Map<String, Template> byId) {
        this.byId = Map.copyOf(byId);
    }

    /** The jar's. */
    public static TemplateCatalog shipped() {
        return Shipped.CATALOG;
    }

    static TemplateCatalog load(ClassLoader classLoader) {
        Map<String, Template> byId = new LinkedHashMap<>();
        for (String file : read(classLoader, DIRECTORY + "index.txt").split("\n")) {
            if (file.isBlank()) {
                continue;
            }
            JsonNode definition = FlowDefinitions.parse(read(classLoader, DIRECTORY + file.trim()), file);
            // The editor's schema hint is a path in the repository; it means nothing in a realm.
            ((ObjectNode) definition).remove("$schema");
            String id = definition.path("id").asText();
            byId.put(id, new Template(id, definition));
        }
        return new TemplateCatalog(byId);
    }

    private static String read(ClassLoader classLoader, String resource) {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the provider jar lacks " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sorted by category, then id. */
    public List<Template> all() {
        return byId.values().stream()
                .sorted(Comparator.comparing((Template t) -> t.definition().path("category").asText()).thenComparing(Template::id))
                .toList();
    }

    public Optional<Template> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** What installing a template writes: the flows in dependency order (callees first, the template last), or why it cannot. */
    public record InstallPlan(List<Template> flows, List<String> missingCalls) {
    }

    /**
     * The template and every flow it calls, transitively, that the realm lacks and the catalog has,
     * callees before their callers; calls to flows neither has are {@code missingCalls}.
     */
    public InstallPlan installPlan(Template root, Predicate<String> realmHas) {
        List<Template> ordered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        visit(root, realmHas, new HashSet<>(), ordered, missing);
        return new InstallPlan(ordered, missing);
    }

    private void visit(Template template, Predicate<String> realmHas, Set<String> seen, List<Template> ordered, List<String> missing) {
        seen.add(template.id());
        for (String called : FlowDefinitions.calledFlowIds(template.definition())) {
            if (seen.contains(called) || realmHas.test(called)) {
                continue;
            }
            Template callee = byId.get(called);
            if (callee == null) {
                seen.add(called);
                missing.add(called);
                continue;
            }
            visit(callee, realmHas, seen, ordered, missing);
        }
        ordered.add(template);
    }
}
