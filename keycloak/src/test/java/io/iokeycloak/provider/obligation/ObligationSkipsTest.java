package io.iokeycloak.provider.obligation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Skips counted from applied evidence: only for obligations handed off as soft; fulfilling one forgets them. */
class ObligationSkipsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A user model that keeps attributes and nothing else. */
    private static UserModel user(Map<String, List<String>> attributes) {
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[]{UserModel.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "getAttributeStream":
                    return attributes.getOrDefault((String) args[0], List.of()).stream();
                case "getFirstAttribute":
                    return attributes.getOrDefault((String) args[0], List.of()).stream().findFirst().orElse(null);
                case "setSingleAttribute":
                    attributes.put((String) args[0], List.of((String) args[1]));
                    return null;
                case "removeAttribute":
                    attributes.remove((String) args[0]);
                    return null;
                default:
                    throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    private static JsonNode entries(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static String note(String type, String mode) {
        return ObligationSkips.note(List.of(new Obligation(type, mode, Map.of())));
    }

    @Test
    void aSkipOfASoftObligationCountsUp() throws Exception {
        Map<String, List<String>> attributes = new HashMap<>();
        UserModel user = user(attributes);
        String note = note("require_attributes", "soft");
        JsonNode skipped = entries("[{\"type\": \"require_attributes\", \"payload\": {\"skipped\": true}}]");

        ObligationSkips.record(user, note, skipped, NOW);
        ObligationSkips.record(user, note, skipped, NOW.plusSeconds(60));

        assertEquals(new SkipState(2, NOW.plusSeconds(60)), SkipState.of(attributes.get("io_skipped.require_attributes")));
    }

    @Test
    void aSkipIsNeverCountedForWhatWasNotHandedOffAsSoft() throws Exception {
        Map<String, List<String>> attributes = new HashMap<>();
        UserModel user = user(attributes);
        JsonNode skipped = entries("[{\"type\": \"require_terms_acceptance\", \"payload\": {\"skipped\": true}}]");

        ObligationSkips.record(user, note("require_terms_acceptance", "mandatory"), skipped, NOW);
        ObligationSkips.record(user, note("require_attributes", "soft"), skipped, NOW);
        ObligationSkips.record(user, null, skipped, NOW);

        assertFalse(attributes.containsKey("io_skipped.require_terms_acceptance"));
        String both = ObligationSkips.note(List.of(new Obligation("t", "soft", Map.of()), new Obligation("t", "mandatory", Map.of())));
        assertEquals("{\"t\":\"mandatory\"}", both, "a type handed off both ways counts as mandatory");
    }

    @Test
    void fulfillingTheObligationForgetsItsSkips() throws Exception {
        Map<String, List<String>> attributes = new HashMap<>(Map.of("io_skipped.require_attributes", List.of(new SkipState(3, NOW).toAttributeValue()),
                "io_skipped.other", List.of(new SkipState(1, NOW).toAttributeValue())));
        ObligationSkips.record(user(attributes), note("require_attributes", "mandatory"),
                entries("[{\"type\": \"require_attributes\", \"payload\": {\"attributes\": {\"company\": \"ACME\"}}}]"), NOW);

        assertEquals(Stream.of("io_skipped.other").toList(), List.copyOf(attributes.keySet()), "only the fulfilled type's skips go");
    }
}
