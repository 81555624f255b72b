package io.iokeycloak.provider.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of the evidence's {@code actions}, from the closed vocabulary (contract/evidence-actions.json). */
public sealed interface EvidenceAction permits SetSessionNote, EvidenceAction.SetUserAttributes,
        EvidenceAction.MarkEmailVerified, EvidenceAction.ChangeRequiredAction, EvidenceAction.RecordTermsAcceptance,
        EvidenceAction.RecordConsent, EvidenceAction.RaiseAcr {

    /** The action's {@code type} in the evidence (contract {@code actions}). */
    String type();

    /** {@code set_user_attributes}: validated by the realm's user profile (UPDATE_PROFILE context). */
    record SetUserAttributes(Map<String, List<String>> attributes) implements EvidenceAction {
        public SetUserAttributes {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            attributes = Collections.unmodifiableMap(copy);
        }

        @Override
        public String type() {
            return EvidenceActionParser.SET_USER_ATTRIBUTES;
        }
    }

    /** {@code mark_email_verified}. */
    record MarkEmailVerified() implements EvidenceAction {
        @Override
        public String type() {
            return EvidenceActionParser.MARK_EMAIL_VERIFIED;
        }
    }

    /** {@code add_required_action} / {@code remove_required_action}. */
    record ChangeRequiredAction(String alias, boolean add) implements EvidenceAction {
        @Override
        public String type() {
            return add ? EvidenceActionParser.ADD_REQUIRED_ACTION : EvidenceActionParser.REMOVE_REQUIRED_ACTION;
        }
    }

    /** {@code record_terms_acceptance}: attributes {@code io_terms_version} and {@code io_terms_accepted_at}. */
    record RecordTermsAcceptance(String version) implements EvidenceAction {
        public static final String VERSION_ATTRIBUTE = "io_terms_version";
        public static final String ACCEPTED_AT_ATTRIBUTE = "io_terms_accepted_at";

        @Override
        public String type() {
            return EvidenceActionParser.RECORD_TERMS_ACCEPTANCE;
        }
    }

    /** {@code record_consent}: attribute {@code io_consent.<purpose>} = {@code granted:<iso>} or {@code denied:<iso>}. */
    record RecordConsent(Map<String, Boolean> purposes) implements EvidenceAction {
        public static final String ATTRIBUTE_PREFIX = "io_consent.";

        public RecordConsent {
            purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
        }

        public static String value(boolean granted, String isoInstant) {
            return (granted ? "granted:" : "denied:") + isoInstant;
        }

        @Override
        public String type() {
            return EvidenceActionParser.RECORD_CONSENT;
        }
    }

    /** {@code raise_acr}: an acr value of the client's (else the realm's) acr-to-LoA map. */
    record RaiseAcr(String level) implements EvidenceAction {
        @Override
        public String type() {
            return EvidenceActionParser.RAISE_ACR;
        }
    }
}
