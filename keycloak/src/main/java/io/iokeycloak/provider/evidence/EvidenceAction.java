package io.iokeycloak.provider.evidence;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One entry of the evidence's {@code actions}, from the closed vocabulary (contract/evidence-actions.json). */
public sealed interface EvidenceAction permits SetSessionNote, EvidenceAction.SetUserAttributes,
        EvidenceAction.MarkEmailVerified, EvidenceAction.ChangeRequiredAction, EvidenceAction.RecordTermsAcceptance,
        EvidenceAction.RecordConsent, EvidenceAction.RaiseAcr, EvidenceAction.SignInUser, EvidenceAction.IdentifyUser {

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

    /**
     * {@code record_consent}: each purpose's decision, with the purpose's version when the journey
     * names one ({@code versions}, optional); kept as a {@link io.iokeycloak.provider.consent.ConsentRecord}.
     */
    record RecordConsent(Map<String, Boolean> purposes, Map<String, String> versions) implements EvidenceAction {

        /** One purpose's decision; {@code version} null when none was named. */
        public record Decision(boolean granted, String version) {
        }

        public RecordConsent {
            purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
            versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        }

        /** Purpose -> decision, in the action's order. */
        public Map<String, Decision> decisions() {
            Map<String, Decision> decisions = new LinkedHashMap<>();
            purposes.forEach((purpose, granted) -> decisions.put(purpose, new Decision(granted, versions.get(purpose))));
            return decisions;
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

    /**
     * {@code sign_in_user} (protocol 1.4): the login continues as the user this journey created.
     * Rule {@code created-by-journey} decides whether it is that user; the id alone proves nothing.
     */
    record SignInUser(String userId) implements EvidenceAction {
        @Override
        public String type() {
            return EvidenceActionParser.SIGN_IN_USER;
        }
    }

    /**
     * {@code identify_user} (protocol 1.4): the login continues as the one enabled user of the realm
     * with this email, which the evidence proves the user received a code at (rules
     * {@code identify-proof}, {@code identify-known}).
     */
    record IdentifyUser(String email) implements EvidenceAction {
        @Override
        public String type() {
            return EvidenceActionParser.IDENTIFY_USER;
        }
    }

    /** Whether this action sets the login's user (rule {@code one-identity}). */
    default boolean identifies() {
        return this instanceof SignInUser || this instanceof IdentifyUser;
    }

    /** Whether this action changes a user, so that the login must have one (rule {@code one-identity}). */
    default boolean actsOnUser() {
        return !(this instanceof SetSessionNote || this instanceof RaiseAcr || identifies());
    }
}
