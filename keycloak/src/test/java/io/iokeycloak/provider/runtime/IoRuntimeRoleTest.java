package io.iokeycloak.provider.runtime;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminAuth;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IoRuntimeRoleTest {

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Map<String, java.util.function.Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            java.util.function.Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new AssertionError("unexpected call " + type.getSimpleName() + "." + method.getName());
            }
            return answer.apply(args);
        });
    }

    /** A realm whose realm-management client keeps its roles in {@code roles}. */
    private static RealmModel realm(String id, Map<String, RoleModel> roles, Map<String, String> descriptions) {
        ClientModel management = proxy(ClientModel.class, Map.of(
                "getRole", args -> roles.get((String) args[0]),
                "addRole", args -> {
                    String name = (String) args[0];
                    RoleModel role = proxy(RoleModel.class, Map.of(
                            "setDescription", description -> descriptions.put(name, (String) description[0]),
                            "getName", none -> name));
                    roles.put(name, role);
                    return role;
                }));
        return proxy(RealmModel.class, Map.of(
                "getId", args -> id,
                "getClientByClientId", args -> Constants.REALM_MANAGEMENT_CLIENT_ID.equals(args[0]) ? management : null));
    }

    @Test
    void ensureCreatesTheRoleOnceWithItsDescription() {
        Map<String, RoleModel> roles = new HashMap<>();
        Map<String, String> descriptions = new HashMap<>();
        RealmModel realm = realm("r1", roles, descriptions);

        IoRuntimeRole.ensure(realm);
        RoleModel created = roles.get(IoRuntimeRole.NAME);
        IoRuntimeRole.ensure(realm);

        assertEquals(Set.of(IoRuntimeRole.NAME), roles.keySet());
        assertTrue(created == roles.get(IoRuntimeRole.NAME), "not created twice");
        assertEquals(IoRuntimeRole.DESCRIPTION, descriptions.get(IoRuntimeRole.NAME));
    }

    @Test
    void aRealmWithoutRealmManagementIsLeftAlone() {
        RealmModel master = proxy(RealmModel.class, Map.of("getClientByClientId", args -> null));
        IoRuntimeRole.ensure(master);
        assertFalse(IoRuntimeRole.heldBy(caller(master, Set.of()), master));
    }

    private static AdminAuth caller(RealmModel realm, Set<String> appRoles) {
        UserModel user = proxy(UserModel.class, Map.of());
        return new AdminAuth(realm, null, user, null) {
            @Override
            public boolean hasAppRole(ClientModel app, String role) {
                return appRoles.contains(role);
            }
        };
    }

    @Test
    void onlyACallerOfTheRealmHoldingTheRoleIsAllowed() {
        RealmModel realm = realm("r1", new HashMap<>(Map.of()), new HashMap<>());
        RealmModel other = realm("r2", new HashMap<>(), new HashMap<>());

        assertTrue(IoRuntimeRole.heldBy(caller(realm, Set.of(IoRuntimeRole.NAME)), realm));
        assertFalse(IoRuntimeRole.heldBy(caller(realm, new HashSet<>(Set.of("manage-realm", "view-realm", "realm-admin"))), realm));
        assertFalse(IoRuntimeRole.heldBy(caller(other, Set.of(IoRuntimeRole.NAME)), realm), "a token of another realm");
    }
}
