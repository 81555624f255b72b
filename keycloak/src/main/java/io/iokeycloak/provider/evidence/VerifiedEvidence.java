package io.iokeycloak.provider.evidence;

import java.util.List;

/** An evidence token that passed every check; its actions are safe to apply. */
public record VerifiedEvidence(String jti, String correlationId, List<EvidenceAction> actions) {

    public VerifiedEvidence {
        actions = List.copyOf(actions);
    }
}
