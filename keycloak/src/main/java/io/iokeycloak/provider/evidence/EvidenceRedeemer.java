package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.config.IoJourneyOptions;
import io.iokeycloak.provider.journey.IoAuthNotes;
import io.iokeycloak.provider.journey.RealmIssuer;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Hop 2 inside Keycloak: verifies the posted evidence against this login and applies its actions.
 * Nothing is applied unless every check passes.
 */
public final class EvidenceRedeemer {

    public static final String FORM_FIELD = "io_evidence";

    private EvidenceRedeemer() {
    }

    public static VerifiedEvidence redeem(KeycloakSession session, AuthenticationSessionModel authSession,
                                          UserModel user, IoJourneyOptions options, String evidenceJwt)
            throws EvidenceException {
        EvidenceExpectations expected = new EvidenceExpectations(
                options.bridgeIssuer(),
                RealmIssuer.of(session, authSession.getRealm()),
                authSession.getAuthNote(IoAuthNotes.NONCE),
                authSession.getAuthNote(IoAuthNotes.HANDOFF_JTI),
                authSession.getTabId(),
                authSession.getClient().getClientId(),
                user != null ? user.getId() : null);
        try {
            VerifiedEvidence evidence = EvidenceVerifier.verify(evidenceJwt,
                    new BridgeKeyResolver(session, options.bridgeJwksUrl()), expected,
                    new SingleUseReplayGuard(session), Time.currentTime());
            apply(evidence, authSession);
            return evidence;
        } finally {
            // One handoff, one redemption attempt: a retry must start a fresh handoff.
            authSession.removeAuthNote(IoAuthNotes.NONCE);
            authSession.removeAuthNote(IoAuthNotes.HANDOFF_JTI);
        }
    }

    /** User-session note with the bridge's correlation id, so tokens can tie back to the audit trail. */
    public static final String CORRELATION_ID_NOTE = "io.correlation_id";

    private static void apply(VerifiedEvidence evidence, AuthenticationSessionModel authSession) {
        authSession.setUserSessionNote(CORRELATION_ID_NOTE, evidence.correlationId());
        for (EvidenceAction action : evidence.actions()) {
            if (action instanceof SetSessionNote note) {
                // Copied into the user session when Keycloak creates it at the end of the login.
                authSession.setUserSessionNote(note.noteName(), note.value());
            }
        }
    }
}
