package io.iokeycloak.provider.evidence;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the authorization rules ask Keycloak about the login's user at redemption. The
 * Keycloak-bound implementation is {@link KeycloakActionTarget}; tests supply their own.
 */
public interface EvidenceSubject {

    /** The user's email now, or null. */
    String email();

    boolean emailVerified();

    /** The required actions the user has: on the user, or added to this login by Keycloak's policy. */
    Set<String> requiredActions();

    /** When each stored credential of this type was created, in milliseconds (Keycloak's {@code createdDate}). */
    List<Long> credentialsCreatedAt(String type);

    /** The acr-to-LoA map that applies to the login's client (client attribute, else realm attribute). */
    Map<String, Integer> acrLoaMap();
}
