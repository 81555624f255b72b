package io.iokeycloak.provider.grant;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantsTest {

    private static Grants parse(String json) throws Exception {
        return Grants.parse(new ObjectMapper().readTree(json), "grants");
    }

    private static String refusal(String json) {
        return assertThrows(InvalidGrantsException.class, () -> parse(json)).getMessage();
    }

    @Test
    void grantsOfOneTypeAddUp() throws Exception {
        Grants grants = parse("[{\"type\": \"set_session_note\", \"names\": [\"company\"]},"
                + "{\"type\": \"set_session_note\", \"names\": [\"plan\"]}, {\"type\": \"mark_email_verified\"}]");

        assertTrue(grants.allows("set_session_note", "names", "company"));
        assertTrue(grants.allows("set_session_note", "names", "plan"));
        assertFalse(grants.allows("set_session_note", "names", "role"));
        assertTrue(grants.has("mark_email_verified"));
        assertFalse(grants.has("raise_acr"));
    }

    @Test
    void anOptionalFieldLeftOutAllowsAnyValue() throws Exception {
        assertTrue(parse("[{\"type\": \"record_terms_acceptance\"}]").allows("record_terms_acceptance", "versions", "2099-01"));
        assertFalse(parse("[{\"type\": \"record_terms_acceptance\", \"versions\": [\"2026-10\"]}]")
                .allows("record_terms_acceptance", "versions", "2099-01"));
    }

    @Test
    void theJsonFormRoundTrips() throws Exception {
        Grants grants = parse("[{\"type\": \"set_user_attributes\", \"attributes\": [\"company\"]}]");
        assertEquals(List.of(Map.of("type", "set_user_attributes", "attributes", List.of("company"))), grants.toJson());
        assertEquals(grants.toJson(), Grants.parseJson(grants.toJsonString(), "note").toJson());
        assertEquals(List.of(), Grants.parseJson(null, "note").toJson());
    }

    @Test
    void shapesOutsideTheContractAreRefusedNamingThePlace() {
        assertTrue(refusal("{}").contains("grants must be an array"));
        assertTrue(refusal("[{\"type\": \"delete_user\"}]").contains("grants[0]"));
        assertTrue(refusal("[{\"type\": \"set_session_note\"}]").contains("missing the field 'names'"));
        assertTrue(refusal("[{\"type\": \"set_session_note\", \"names\": [\"a\"], \"values\": [\"b\"]}]").contains("unknown field 'values'"));
        assertTrue(refusal("[{\"type\": \"raise_acr\", \"levels\": \"gold\"}]").contains("grants[0].levels"));
        assertTrue(refusal("[{\"type\": \"raise_acr\", \"levels\": [2]}]").contains("grants[0].levels"));
        assertTrue(refusal("[{\"type\": \"raise_acr\", \"levels\": [\"\"]}]").contains("grants[0].levels"));
    }
}
