package io.iokeycloak.provider.obligation;

import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grant;
import io.iokeycloak.provider.grant.Grants;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of the handoff's {@code obligations}: {@code {type, mode, params}}, and the grants its
 * rule declares (used only for types the contract's {@code obligationGrants} does not know).
 */
public record Obligation(String type, String mode, Map<String, Object> params, Grants declaredGrants) {

    public static final String MANDATORY = "mandatory";
    public static final String SOFT = "soft";

    public Obligation {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public Obligation(String type, String mode, Map<String, Object> params) {
        this(type, mode, params, Grants.NONE);
    }

    /** The handoff entry; the grants travel in the handoff's own {@code grants} claim. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("mode", mode);
        json.put("params", params);
        return json;
    }

    /**
     * What fulfilling this obligation may change: for a built-in type the contract's
     * {@code obligationGrants}, filled from the params; for any other type what its rule declares.
     */
    public Grants grants() {
        List<EvidenceContract.ObligationGrant> templates = EvidenceContract.get().obligationGrants().get(type);
        if (templates == null) {
            return declaredGrants;
        }
        List<Grant> grants = new ArrayList<>();
        for (EvidenceContract.ObligationGrant template : templates) {
            Map<String, Boolean> required = EvidenceContract.get().grantFields().get(template.type());
            Map<String, List<String>> fields = new LinkedHashMap<>(template.fixed());
            for (Map.Entry<String, String> fromParam : template.fromParam().entrySet()) {
                List<String> values = paramValues(params.get(fromParam.getValue()));
                // A required field the params do not fill allows nothing; an optional one left out allows any value.
                if (values != null) {
                    fields.put(fromParam.getKey(), values);
                } else if (required.getOrDefault(fromParam.getKey(), true)) {
                    fields.put(fromParam.getKey(), List.of());
                }
            }
            grants.add(new Grant(template.type(), fields));
        }
        return new Grants(grants);
    }

    /** A string param is a one-element list; a list keeps its strings; anything else is absent. */
    private static List<String> paramValues(Object param) {
        if (param instanceof String value) {
            return List.of(value);
        }
        if (param instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return null;
    }
}
