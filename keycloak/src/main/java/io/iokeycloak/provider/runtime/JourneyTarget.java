package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.obligation.Obligation;

import java.util.List;

/** What the bridge is asked to run: a named flow, or the typed obligations it maps to flows. */
public record JourneyTarget(String flow, List<Obligation> obligations) {

    public JourneyTarget {
        obligations = List.copyOf(obligations);
        if ((flow == null) == obligations.isEmpty()) {
            throw new IllegalArgumentException("a handoff names either a flow or obligations");
        }
    }

    public static JourneyTarget flow(String flow) {
        return new JourneyTarget(flow, List.of());
    }

    public static JourneyTarget obligations(List<Obligation> obligations) {
        return new JourneyTarget(null, obligations);
    }

    /** For events and logs: the flow id, or the obligation types. */
    public String describe() {
        return flow != null ? flow : String.join(",", obligations.stream().map(Obligation::type).toList());
    }
}
