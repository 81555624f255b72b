package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The evidence's actions, every one validated against Keycloak before any is applied. Building a
 * plan is the all-or-nothing decision: {@link #check} either refuses the whole evidence or returns
 * a plan that {@link EvidenceApplier} applies in one go. Later actions of the same kind win
 * (attributes are merged by name; the highest acr level wins).
 */
public record ActionPlan(
        List<SetSessionNote> sessionNotes,
        Map<String, List<String>> userAttributes,
        boolean markEmailVerified,
        List<EvidenceAction.ChangeRequiredAction> requiredActions,
        String termsVersion,
        Map<String, EvidenceAction.RecordConsent.Decision> consents,
        OptionalInt acrLevel) {

    public ActionPlan {
        sessionNotes = List.copyOf(sessionNotes);
        userAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(userAttributes));
        requiredActions = List.copyOf(requiredActions);
        consents = Collections.unmodifiableMap(new LinkedHashMap<>(consents));
    }

    public static ActionPlan check(List<EvidenceAction> actions, ActionTarget target, String correlationId)
            throws EvidenceException {
        List<SetSessionNote> notes = new ArrayList<>();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        boolean emailVerified = false;
        List<EvidenceAction.ChangeRequiredAction> requiredActions = new ArrayList<>();
        String termsVersion = null;
        Map<String, EvidenceAction.RecordConsent.Decision> consents = new LinkedHashMap<>();
        OptionalInt acr = OptionalInt.empty();

        for (EvidenceAction action : actions) {
            if (action instanceof SetSessionNote note) {
                notes.add(note);
            } else if (action instanceof EvidenceAction.SetUserAttributes set) {
                attributes.putAll(set.attributes());
            } else if (action instanceof EvidenceAction.MarkEmailVerified) {
                emailVerified = true;
            } else if (action instanceof EvidenceAction.ChangeRequiredAction change) {
                if (!target.requiredActionEnabled(change.alias())) {
                    throw new EvidenceException(IoError.EVIDENCE_BAD_ACTION, "required action '" + change.alias()
                            + "' is not registered and enabled in the realm", correlationId, null);
                }
                requiredActions.add(change);
            } else if (action instanceof EvidenceAction.RecordTermsAcceptance terms) {
                termsVersion = terms.version();
            } else if (action instanceof EvidenceAction.RecordConsent consent) {
                consents.putAll(consent.decisions());
            } else if (action instanceof EvidenceAction.RaiseAcr raise) {
                OptionalInt level = AcrLevel.parse(raise.level(), target.acrLoaMap());
                if (level.isEmpty()) {
                    throw new EvidenceException(IoError.EVIDENCE_BAD_ACTION, "acr level '" + raise.level()
                            + "' is not an acr value of the acr-to-LoA map", correlationId, null);
                }
                if (acr.isEmpty() || level.getAsInt() > acr.getAsInt()) {
                    acr = level;
                }
            }
            // sign_in_user and identify_user chose the user this plan acts on; the authenticator sets it on the login.
        }
        if (!attributes.isEmpty()) {
            List<ActionTarget.AttributeProblem> problems = target.validateAttributes(attributes);
            if (!problems.isEmpty()) {
                ActionTarget.AttributeProblem first = problems.get(0);
                throw new EvidenceException(IoError.EVIDENCE_INVALID_VALUE, "user profile refused attribute '"
                        + first.attribute() + "': " + first.message(), correlationId, null, first.attribute());
            }
        }
        return new ActionPlan(notes, attributes, emailVerified, requiredActions, termsVersion, consents, acr);
    }
}
