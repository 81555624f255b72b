package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.FlowPermissions;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.obligation.Obligation;

/**
 * The handoff claim {@code grants}: for a flow, the realm's declared permissions of that flow; for
 * obligations, what each obligation authorizes. Computed by Keycloak and kept in the auth note
 * {@code io.grants}; the evidence is checked against that note, never against the bridge's word.
 */
public final class HandoffGrants {

    private HandoffGrants() {
    }

    /** @param flowPermissions the realm attribute {@code io.flowPermissions} */
    public static Grants of(JourneyTarget target, String flowPermissions) throws InvalidGrantsException {
        if (target.flow() != null) {
            return FlowPermissions.parse(flowPermissions).of(target.flow());
        }
        Grants grants = Grants.NONE;
        for (Obligation obligation : target.obligations()) {
            grants = grants.plus(obligation.grants());
        }
        return grants;
    }
}
