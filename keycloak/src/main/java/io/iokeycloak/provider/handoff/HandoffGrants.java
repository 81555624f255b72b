package io.iokeycloak.provider.handoff;

import io.iokeycloak.provider.grant.FlowPermissions;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.obligation.Obligation;
import io.iokeycloak.provider.runtime.JourneyTarget;
import io.iokeycloak.provider.runtime.VersionPlan;

/**
 * The handoff claim {@code grants}: for a flow kept in Keycloak, the chosen version's declared
 * {@code permissions}; for a flow of the bridge's files, the realm's declared permissions of that flow
 * ({@code io.flowPermissions}); for
 * obligations, what each obligation authorizes. Computed by Keycloak and kept in the auth note
 * {@code io.grants}; the evidence is checked against that note, never against the bridge's word.
 */
public final class HandoffGrants {

    private HandoffGrants() {
    }

    /**
     * @param versions        the handoff's versions, null for a legacy handoff
     * @param flowPermissions the realm attribute {@code io.flowPermissions}
     */
    public static Grants of(JourneyTarget target, VersionPlan versions, String flowPermissions) throws InvalidGrantsException {
        if (target.flow() != null && versions != null) {
            return versions.flowPermissions();
        }
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
