package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * An evidence token that passed every token check; its actions are well formed. Whether they may
 * be applied is {@link EvidenceAuthorizer}'s decision, whether Keycloak accepts their values
 * {@link ActionPlan}'s.
 *
 * @param entries the {@code evidence} claim (an array), read by the authorization rules
 */
public record VerifiedEvidence(String jti, String correlationId, JsonNode entries, List<EvidenceAction> actions,
                               EvidenceSummary summary) {

    public VerifiedEvidence {
        actions = List.copyOf(actions);
    }
}
