package io.iokeycloak.provider.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Walks the whole catalogue: every code is unique, has its user message, a page status and its line in the docs. */
class IoErrorTest {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)+");

    @Test
    void everyCodeIsUniqueAndStableInShape() {
        Set<String> codes = new HashSet<>();
        for (IoError error : IoError.values()) {
            assertTrue(CODE.matcher(error.code()).matches(), error + ": " + error.code());
            assertTrue(codes.add(error.code()), "twice: " + error.code());
            assertTrue(error.status() >= 400 && error.status() <= 599, error + ": status " + error.status());
        }
    }

    @Test
    void everyCodeHasItsMessageInTheBundle() throws IOException {
        Properties messages = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("src", "main", "resources", "theme-resources", "messages", "messages_en.properties"),
                StandardCharsets.UTF_8)) {
            messages.load(reader);
        }
        for (IoError error : IoError.values()) {
            String text = messages.getProperty(error.message());
            assertTrue(text != null && !text.isBlank(), error + ": no message " + error.message());
        }
    }

    @Test
    void everyCodeIsDocumentedForOperators() throws IOException {
        String docs = Files.readString(Path.of("..", "docs", "provider.md"));
        String section = docs.substring(docs.indexOf("## Error codes"));
        for (IoError error : IoError.values()) {
            assertTrue(section.contains("`" + error.code() + "`"), error.code() + " is not in docs/provider.md 'Error codes'");
        }
    }

    @Test
    void everyRuleCodeOfTheContractIsACatalogueCode() throws IOException {
        JsonNode contract = new ObjectMapper().readTree(Path.of("..", "contract", "evidence-actions.json").toFile());
        Set<String> catalogue = new HashSet<>(Arrays.stream(IoError.values()).map(IoError::code).toList());
        Set<String> ruleCodes = new HashSet<>();
        contract.findValues("code").forEach(code -> ruleCodes.add(code.asText()));
        assertTrue(!ruleCodes.isEmpty(), "the contract names rule codes");
        for (String code : ruleCodes) {
            assertTrue(catalogue.contains(code), "the contract's " + code + " is not in IoError");
        }
        assertEquals(ruleCodes.size(), ruleCodes.stream().filter(code -> code.startsWith("evidence_")).count());
    }
}
