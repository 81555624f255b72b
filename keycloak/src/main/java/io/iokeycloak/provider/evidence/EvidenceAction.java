package io.iokeycloak.provider.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of the evidence's {@code actions}, from the closed vocabulary (protocol 1.1). */
public sealed interface EvidenceAction permits SetSessionNote, EvidenceAction.SetUserAttributes,
        EvidenceAction.MarkEmailVerified, EvidenceAction.ChangeRequiredAction, EvidenceAction.RecordTermsAcceptance,
        EvidenceAction.RecordConsent, EvidenceAction.RaiseAcr {

    /** {@code set_user_attributes}: validated by the realm's user profile (UPDATE_PROFILE context). */
    record SetUserAttributes(Map<String, List<String>> attributes) implements EvidenceAction {
        public SetUserAttributes {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            attributes.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            attributes = Collections.unmodifiableMap(copy);
        }
    }

    /** {@code mark_email_verified}. */
    record MarkEmailVerified() implements EvidenceAction {
    }

    /** {@code add_required_action} / {@code remove_required_action}. */
    record ChangeRequiredAction(String alias, boolean add) implements EvidenceAction {
    }

    /** {@code record_terms_acceptance}: attributes {@code io_terms_version} and {@code io_terms_accepted_at}. */
    record RecordTermsAcceptance(String version) implements EvidenceAction {
        public static final String VERSION_ATTRIBUTE = "io_terms_version";
        public static final String ACCEPTED_AT_ATTRIBUTE = "io_terms_accepted_at";
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
    }

    /** {@code raise_acr}: an acr value of the realm's (or client's) acr-to-LoA map, or an integer level. */
    record RaiseAcr(String level) implements EvidenceAction {
    }
}
