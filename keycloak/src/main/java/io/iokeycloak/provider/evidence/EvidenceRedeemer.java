package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;
import io.iokeycloak.provider.grant.InvalidGrantsException;
import io.iokeycloak.provider.session.IoAuthNotes;
import io.iokeycloak.provider.realm.RealmIssuer;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Hop 2 inside Keycloak: verifies the posted evidence against this login, authorizes every action
 * against the handoff's grants and Keycloak's state, checks every value against the realm, then
 * applies them all. Nothing is applied unless every check passes.
 */
public final class EvidenceRedeemer {

    public static final String FORM_FIELD = "io_evidence";

    private EvidenceRedeemer() {
    }

    /**
     * @param user the authentication session's user, or null before anyone is known (then the
     *             evidence may identify one, protocol 1.4)
     */
    public static Redemption redeem(KeycloakSession session, AuthenticationSessionModel authSession,
                                    UserModel user, IoJourneyOptions options, String evidenceJwt)
            throws EvidenceException {
        EvidenceExpectations expected = new EvidenceExpectations(
                options.bridgeIssuer(),
                RealmIssuer.of(session, authSession.getRealm()),
                authSession.getAuthNote(IoAuthNotes.NONCE),
                authSession.getAuthNote(IoAuthNotes.HANDOFF_JTI),
                authSession.getTabId(),
                authSession.getClient().getClientId(),
                user != null ? user.getId() : null,
                authSession.getAuthNote(IoAuthNotes.CORRELATION_ID));
        try {
            VerifiedEvidence evidence = EvidenceVerifier.verify(evidenceJwt,
                    new BridgeKeyResolver(session, options.bridgeJwksUrl()), expected,
                    new SingleUseReplayGuard(session), Time.currentTimeSeconds());
            KeycloakLoginUsers users = new KeycloakLoginUsers(session, authSession, user);
            Authorization authorization = new EvidenceAuthorizer(EvidenceContract.get(), handoffGrants(authSession, evidence),
                    handoffIssuedAt(authSession), users, expected.correlationId())
                    .authorize(evidence.entries(), evidence.actions());
            // The actions act on the user the evidence identified (protocol 1.4), else on the session's.
            UserModel subject = authorization.identifiedUserId() != null ? users.model(authorization.identifiedUserId()) : user;
            KeycloakActionTarget target = new KeycloakActionTarget(session, authSession, subject);
            ActionPlan plan = ActionPlan.check(evidence.actions(), target, evidence.correlationId());
            EvidenceApplier.apply(plan, authorization, evidence, session, authSession, subject, target);
            return new Redemption(evidence, subject, authorization.identifiedUserId() != null);
        } finally {
            // One handoff, one redemption attempt: a retry must start a fresh handoff.
            authSession.removeAuthNote(IoAuthNotes.NONCE);
            authSession.removeAuthNote(IoAuthNotes.HANDOFF_JTI);
            authSession.removeAuthNote(IoAuthNotes.CORRELATION_ID);
            authSession.removeAuthNote(IoAuthNotes.GRANTS);
            authSession.removeAuthNote(IoAuthNotes.HANDOFF_IAT);
        }
    }

    /** The grants Keycloak put in the handoff; the note is Keycloak's own, so a bad one is a bug, refused as such. */
    private static Grants handoffGrants(AuthenticationSessionModel authSession, VerifiedEvidence evidence) throws EvidenceException {
        try {
            return Grants.parseJson(authSession.getAuthNote(IoAuthNotes.GRANTS), IoAuthNotes.GRANTS);
        } catch (InvalidGrantsException invalid) {
            throw new EvidenceException(IoError.EVIDENCE_UNAUTHORIZED_ACTION, invalid.getMessage(), evidence.correlationId(), null);
        }
    }

    /**
     * The handoff's iat. The binding checks already required the handoff's notes; a login handed off
     * before this note existed has none, and then no credential counts as created since the handoff.
     */
    private static long handoffIssuedAt(AuthenticationSessionModel authSession) {
        String iat = authSession.getAuthNote(IoAuthNotes.HANDOFF_IAT);
        return iat != null ? Long.parseLong(iat) : Long.MAX_VALUE / 1000;
    }
}
