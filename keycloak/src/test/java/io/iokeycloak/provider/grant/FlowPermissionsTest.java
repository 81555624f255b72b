package io.iokeycloak.provider.grant;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowPermissionsTest {

    private static final String DEMO = "{\"demo-profile\": [{\"type\": \"set_session_note\", \"names\": [\"company\"]}],"
            + " \"kyc@2\": [{\"type\": \"mark_email_verified\"}]}";

    @Test
    void aFlowGetsItsDeclaredGrants() throws Exception {
        FlowPermissions permissions = FlowPermissions.parse(DEMO);
        assertEquals(List.of(Map.of("type", "set_session_note", "names", List.of("company"))),
                permissions.of("demo-profile").toJson());
        assertEquals(permissions.of("demo-profile").toJson(), permissions.of("demo-profile@2").toJson(), "a pinned version falls back to the id");
        assertEquals(List.of(Map.of("type", "mark_email_verified")), permissions.of("kyc@2").toJson(), "an entry for the exact version wins");
    }

    @Test
    void aFlowWithoutAnEntryGetsNoGrants() throws Exception {
        assertEquals(List.of(), FlowPermissions.parse(DEMO).of("other").toJson());
        assertEquals(List.of(), FlowPermissions.parse(DEMO).of("kyc").toJson());
        assertEquals(List.of(), FlowPermissions.parse(null).of("demo-profile").toJson());
        assertEquals(List.of(), FlowPermissions.parse(" ").of("demo-profile").toJson());
    }

    @Test
    void invalidPermissionsFailForEveryFlow() {
        assertTrue(assertThrows(InvalidGrantsException.class, () -> FlowPermissions.parse("{not json"))
                .getMessage().startsWith("io.flowPermissions is not JSON"));
        assertThrows(InvalidGrantsException.class, () -> FlowPermissions.parse("[]"));
        String message = assertThrows(InvalidGrantsException.class, () -> FlowPermissions.parse(
                "{\"demo-profile\": [], \"broken\": [{\"type\": \"set_session_note\"}]}")).getMessage();
        assertTrue(message.contains("io.flowPermissions.broken[0]"), message);
    }
}
