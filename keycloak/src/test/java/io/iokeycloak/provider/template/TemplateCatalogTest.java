package io.iokeycloak.provider.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iokeycloak.provider.store.definition.FlowDefinitions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateCatalogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Template template(String json) throws IOException {
        JsonNode definition = JSON.readTree(json);
        return new Template(definition.path("id").asText(), definition);
    }

    private static String calling(String id, String... called) {
        StringBuilder nodes = new StringBuilder("[{\"id\":\"end\",\"type\":\"end\"}");
        for (String flow : called) {
            nodes.append(",{\"id\":\"c-").append(flow).append("\",\"type\":\"call-flow\",\"config\":{\"flow\":\"").append(flow).append("@1\"}}");
        }
        return "{\"id\":\"" + id + "\",\"category\":\"library\",\"name\":\"" + id + "\",\"nodes\":" + nodes + "]}";
    }

    @Test
    void theJarCarriesEveryShippedBridgeFlowButTheirTests() throws IOException {
        List<String> files;
        try (Stream<Path> flows = Files.list(Path.of("..", "bridge", "flows"))) {
            files = flows.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".json") && !name.contains(".test.")).sorted().toList();
        }
        TemplateCatalog shipped = TemplateCatalog.shipped();
        assertFalse(files.isEmpty());
        assertEquals(files.size(), shipped.all().size());
        for (String file : files) {
            JsonNode definition = JSON.readTree(Path.of("..", "bridge", "flows", file).toFile());
            Template template = shipped.get(definition.path("id").asText()).orElseThrow();
            assertEquals(List.of(), FlowDefinitions.structuralProblems(template.definition()), file);
            assertFalse(template.definition().has("$schema"), "the repository's schema hint is dropped");
            assertEquals(definition.path("name").asText(), template.summary().get("name"));
            assertEquals(definition.path("category").asText(), template.summary().get("category"));
        }
    }

    @Test
    void theSummaryHasADescriptionOnlyWhenTheFlowHasOne() throws IOException {
        assertEquals(Map.of("id", "a", "name", "A", "category", "library", "description", "does a"),
                template("{\"id\":\"a\",\"name\":\"A\",\"category\":\"library\",\"description\":\"does a\"}").summary());
        assertEquals(Map.of("id", "a", "name", "A", "category", "library"),
                template("{\"id\":\"a\",\"name\":\"A\",\"category\":\"library\"}").summary());
    }

    @Test
    void anInstallWritesTheCalleesTheRealmLacksBeforeTheirCallers() throws IOException {
        Template root = template(calling("root", "b", "c"));
        TemplateCatalog catalog = new TemplateCatalog(Map.of("root", root, "b", template(calling("b", "d", "c")),
                "c", template(calling("c")), "d", template(calling("d")), "kept", template(calling("kept"))));

        TemplateCatalog.InstallPlan plan = catalog.installPlan(root, id -> id.equals("d"));

        assertEquals(List.of("c", "b", "root"), plan.flows().stream().map(Template::id).toList());
        assertTrue(plan.missingCalls().isEmpty());
    }

    @Test
    void aCallNeitherTheRealmNorTheCatalogHasIsMissing() throws IOException {
        Template root = template(calling("root", "nowhere"));
        TemplateCatalog.InstallPlan plan = new TemplateCatalog(Map.of("root", root)).installPlan(root, id -> false);
        assertEquals(List.of("nowhere"), plan.missingCalls());
    }
}
