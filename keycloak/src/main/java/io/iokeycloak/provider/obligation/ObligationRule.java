package io.iokeycloak.provider.obligation;

import io.iokeycloak.provider.grant.Grants;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code {type, when, params?, mode?, grants?}}: when {@code when} holds, the user owes an
 * obligation of {@code type}. {@code grants} (custom types only) is what fulfilling it may change.
 */
public record ObligationRule(String type, Condition when, Map<String, Object> params, String mode, Grants grants) {

    /** Params the provider fills from what the condition found missing; they replace configured values. */
    public static final String FIELDS = "fields";
    public static final String CREDENTIAL_TYPES = "credentialTypes";
    public static final String PURPOSES = "purposes";

    public ObligationRule {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Optional<Obligation> evaluate(UserFacts facts) {
        Match match = when.evaluate(facts);
        if (!match.holds()) {
            return Optional.empty();
        }
        Map<String, Object> resolved = new LinkedHashMap<>(params);
        putIfAny(resolved, FIELDS, match.missingAttributes());
        putIfAny(resolved, CREDENTIAL_TYPES, match.missingCredentials());
        putIfAny(resolved, PURPOSES, match.missingConsents());
        return Optional.of(new Obligation(type, mode, resolved, grants));
    }

    private static void putIfAny(Map<String, Object> params, String name, Set<String> values) {
        if (!values.isEmpty()) {
            params.put(name, new ArrayList<>(values));
        }
    }
}
