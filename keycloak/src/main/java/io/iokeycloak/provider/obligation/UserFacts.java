package io.iokeycloak.provider.obligation;

import java.util.List;

/** What obligation rules may ask about a user and the login; the Keycloak-bound implementation is {@code KeycloakUserFacts}. */
public interface UserFacts {

    /** The client the login is for; null when there is none. */
    String clientId();

    /** The attribute's values; empty when the user has none. */
    List<String> attribute(String name);

    boolean emailVerified();

    /** Whether the user has at least one stored credential of this type (e.g. {@code otp}, {@code webauthn}). */
    boolean hasCredential(String type);

    /** Attributes the realm's user profile marks required (and user-editable) for this user but that are empty. */
    List<String> profileRequiredMissing();

    static boolean isEmpty(List<String> values) {
        return values == null || values.stream().allMatch(value -> value == null || value.isBlank());
    }
}
