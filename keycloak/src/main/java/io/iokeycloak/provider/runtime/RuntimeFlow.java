package io.iokeycloak.provider.runtime;

import java.util.Map;

/** A flow the realm keeps in Keycloak: which version runs, the rollout, and every published version. */
public record RuntimeFlow(String id, Integer activeVersion, Integer rolloutVersion, Integer rolloutPercentage,
                          Map<Integer, RuntimeVersion> versions) {

    public RuntimeFlow {
        versions = Map.copyOf(versions);
    }
}
