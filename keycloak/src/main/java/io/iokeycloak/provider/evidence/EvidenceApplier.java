package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.consent.ConsentRecord;
import io.iokeycloak.provider.session.IoSessionNotes;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Applies a checked {@link ActionPlan}. Runs only after every action was validated, inside the
 * request's Keycloak transaction, so a storage failure rolls everything back with it.
 */
final class EvidenceApplier {

    private EvidenceApplier() {
    }

    static void apply(ActionPlan plan, Authorization authorization, VerifiedEvidence evidence, KeycloakSession session,
                      AuthenticationSessionModel authSession, UserModel user, KeycloakActionTarget target) {
        String now = Instant.ofEpochSecond(Time.currentTimeSeconds()).toString();
        if (!plan.userAttributes().isEmpty()) {
            // Not removing attributes the submission leaves out: system attributes (io_terms_*, io_consent.*) stay.
            target.validatedProfile().update(false);
        }
        if (plan.markEmailVerified()) {
            user.setEmailVerified(true);
        } else if (authorization.unverifyEmail()) {
            user.setEmailVerified(false);
        }
        for (EvidenceAction.ChangeRequiredAction change : plan.requiredActions()) {
            if (change.add()) {
                user.addRequiredAction(change.alias());
            } else {
                user.removeRequiredAction(change.alias());
                authSession.removeRequiredAction(change.alias());
            }
        }
        if (plan.termsVersion() != null) {
            user.setSingleAttribute(EvidenceAction.RecordTermsAcceptance.VERSION_ATTRIBUTE, plan.termsVersion());
            user.setSingleAttribute(EvidenceAction.RecordTermsAcceptance.ACCEPTED_AT_ATTRIBUTE, now);
        }
        plan.consents().forEach((purpose, decision) -> user.setSingleAttribute(ConsentRecord.attribute(purpose),
                new ConsentRecord(decision.granted(), decision.version(), now).toAttributeValue()));
        plan.acrLevel().ifPresent(level -> raiseAcr(session, authSession, level));
        for (SetSessionNote note : plan.sessionNotes()) {
            // Copied into the user session when Keycloak creates it at the end of the login.
            authSession.setUserSessionNote(note.noteName(), note.value());
        }
        authSession.setUserSessionNote(IoSessionNotes.CORRELATION_ID, evidence.correlationId());
        authSession.setUserSessionNote(IoSessionNotes.EVIDENCE, json(evidence.summary().types()));
        authSession.setUserSessionNote(IoSessionNotes.AMR, json(evidence.summary().amr()));
    }

    /** Keycloak copies the auth session's level into the client session, where the acr mapper reads it. */
    private static void raiseAcr(KeycloakSession session, AuthenticationSessionModel authSession, int level) {
        AcrStore acr = new AcrStore(session, authSession);
        if (level > acr.getLevelOfAuthenticationFromCurrentAuthentication()) {
            acr.setLevelAuthenticated(level);
        }
    }

    private static String json(List<String> values) {
        try {
            return JsonSerialization.writeValueAsString(values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
