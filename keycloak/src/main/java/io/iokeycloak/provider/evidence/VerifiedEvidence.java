package io.iokeycloak.provider.evidence;

import java.util.List;

/** An evidence token that passed every check; its actions are well formed (Keycloak still validates values). */
public record VerifiedEvidence(String jti, String correlationId, List<EvidenceAction> actions, EvidenceSummary summary) {

    public VerifiedEvidence {
        actions = List.copyOf(actions);
    }
}
