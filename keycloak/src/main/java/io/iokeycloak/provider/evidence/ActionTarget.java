package io.iokeycloak.provider.evidence;

import java.util.List;
import java.util.Map;

/**
 * What the all-or-nothing check asks Keycloak before anything is applied. The Keycloak-bound
 * implementation is {@link KeycloakActionTarget}; tests supply their own.
 */
public interface ActionTarget {

    /** A value the realm's user profile refused. */
    record AttributeProblem(String attribute, String message) {
    }

    /**
     * Validates the merged attribute changes against the user profile in the UPDATE_PROFILE
     * context (user-editable attributes only). Must not change anything.
     *
     * @return the problems; empty when every value is accepted
     */
    List<AttributeProblem> validateAttributes(Map<String, List<String>> attributes);

    /** Whether {@code alias} is a registered, enabled required action of the realm. */
    boolean requiredActionEnabled(String alias);

    /** The acr-to-LoA map that applies to the login's client (client attribute, else realm attribute). */
    Map<String, Integer> acrLoaMap();
}
