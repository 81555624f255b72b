package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.grant.Grants;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether verified evidence may be applied: the contract's authorization rules
 * ({@code contract/evidence-actions.json}, {@code rules}) against the grants Keycloak put in the
 * handoff (auth note {@code io.grants}, never the bridge's word) and what Keycloak knows about
 * the user now. Pure; runs after the signature and binding checks and before anything is applied.
 * The rules run in this order, the first refusal wins: {@code granted}, the identity rules of
 * protocol 1.4 ({@link IdentityRules}), then, for the user the login has or the evidence set,
 * {@code acr-level}, {@code amr}, {@code acr-factor}, {@code required-action-proof}, {@code email-proof}.
 */
public final class EvidenceAuthorizer {

    /** The grant field that lists what an action of each type may name; mark_email_verified, sign_in_user and identify_user have none. */
    static final Map<String, String> GRANT_FIELD = Map.of(
            EvidenceActionParser.SET_SESSION_NOTE, "names",
            EvidenceActionParser.SET_USER_ATTRIBUTES, "attributes",
            EvidenceActionParser.ADD_REQUIRED_ACTION, "actions",
            EvidenceActionParser.REMOVE_REQUIRED_ACTION, "actions",
            EvidenceActionParser.RECORD_TERMS_ACCEPTANCE, "versions",
            EvidenceActionParser.RECORD_CONSENT, "purposes",
            EvidenceActionParser.RAISE_ACR, "levels");

    static final String EMAIL_CODE_VERIFIED = "email_code_verified";
    private static final String EMAIL = "email";

    private final EvidenceContract contract;
    private final Grants grants;
    private final long handoffIssuedAt;
    private final LoginUsers users;
    private final String correlationId;

    /**
     * @param grants          the handoff's grants, from the auth note
     * @param handoffIssuedAt the handoff's {@code iat}, seconds
     * @param correlationId   the handoff's correlation id, from the auth note
     */
    public EvidenceAuthorizer(EvidenceContract contract, Grants grants, long handoffIssuedAt, LoginUsers users,
                              String correlationId) {
        this.contract = contract;
        this.grants = grants;
        this.handoffIssuedAt = handoffIssuedAt;
        this.users = users;
        this.correlationId = correlationId;
    }

    /**
     * @param entries the evidence's {@code evidence} array
     * @param actions the evidence's well-formed actions
     */
    public Authorization authorize(JsonNode entries, List<EvidenceAction> actions) throws EvidenceException {
        for (EvidenceAction action : actions) {
            requireGranted(action);
        }
        Optional<LoginUsers.RealmUser> identified = new IdentityRules(contract, users, handoffIssuedAt, correlationId)
                .identify(entries, actions);
        // The actions after sign_in_user / identify_user act on that user: the later rules ask about it.
        EvidenceSubject subject = identified.<EvidenceSubject>map(user -> user).orElseGet(users::sessionSubject);
        for (EvidenceAction action : actions) {
            if (action instanceof EvidenceAction.RaiseAcr raise && AcrLevel.parse(raise.level(), subject.acrLoaMap()).isEmpty()) {
                throw fail(IoError.EVIDENCE_BAD_ACTION, "acr level '" + raise.level()
                        + "' is not an acr value of the client's or realm's acr.loa.map");
            }
        }
        int acceptedAmr = requireJustifiedAmr(entries);
        if (acceptedAmr == 0 && actions.stream().anyMatch(EvidenceAction.RaiseAcr.class::isInstance)) {
            throw fail(IoError.EVIDENCE_UNPROVEN_FACTOR, "raise_acr without an amr value a verified step justifies");
        }
        EmailOutcome email = emailOutcome(entries, actions, subject);
        for (EvidenceAction action : actions) {
            if (action instanceof EvidenceAction.ChangeRequiredAction change && !change.add()) {
                requireProof(change.alias(), actions, email, subject);
            }
        }
        return new Authorization(email.unverify(), identified.map(LoginUsers.RealmUser::id).orElse(null));
    }

    /** Rule {@code granted}: a grant of the action's type covers it. */
    private void requireGranted(EvidenceAction action) throws EvidenceException {
        String type = action.type();
        String field = GRANT_FIELD.get(type);
        if (!grants.has(type)) {
            throw fail(IoError.EVIDENCE_UNAUTHORIZED_ACTION, "the handoff granted no " + type);
        }
        for (String value : named(action)) {
            if (!grants.allows(type, field, value)) {
                throw fail(IoError.EVIDENCE_UNAUTHORIZED_ACTION, type + " of '" + value + "' is outside the handoff's grants");
            }
        }
    }

    /** The values an action names in its grant field: note name, attribute names, alias, version, purposes, level. */
    private static List<String> named(EvidenceAction action) {
        if (action instanceof SetSessionNote note) {
            return List.of(note.name());
        } else if (action instanceof EvidenceAction.SetUserAttributes set) {
            return List.copyOf(set.attributes().keySet());
        } else if (action instanceof EvidenceAction.ChangeRequiredAction change) {
            return List.of(change.alias());
        } else if (action instanceof EvidenceAction.RecordTermsAcceptance terms) {
            return List.of(terms.version());
        } else if (action instanceof EvidenceAction.RecordConsent consent) {
            return List.copyOf(consent.purposes().keySet());
        } else if (action instanceof EvidenceAction.RaiseAcr raise) {
            return List.of(raise.level());
        }
        return List.of(); // mark_email_verified, sign_in_user, identify_user: the grant's presence is enough
    }

    /**
     * Rule {@code amr}: every {@code payload.amr} value is registered and justified by an entry
     * type of this evidence.
     *
     * @return how many amr values the evidence carries (all of them accepted)
     */
    private int requireJustifiedAmr(JsonNode entries) throws EvidenceException {
        List<String> types = new ArrayList<>();
        List<JsonNode> amr = new ArrayList<>();
        for (JsonNode entry : entries) {
            types.add(entry.path("type").asText(""));
            JsonNode values = entry.path("payload").path("amr");
            if (values.isArray()) {
                values.forEach(amr::add);
            } else if (!values.isMissingNode() && !values.isNull()) {
                amr.add(values);
            }
        }
        for (JsonNode value : amr) {
            if (!value.isTextual() || !contract.amrValues().contains(value.asText())) {
                throw fail(IoError.EVIDENCE_UNPROVEN_FACTOR, "amr value " + value + " is not a registered value (RFC 8176)");
            }
            Set<String> justifiedBy = contract.amrJustifiedBy().getOrDefault(value.asText(), Set.of());
            if (types.stream().noneMatch(justifiedBy::contains)) {
                throw fail(IoError.EVIDENCE_UNPROVEN_FACTOR, "amr value '" + value.asText() + "' is not justified by a verified step ("
                        + (justifiedBy.isEmpty() ? "no step type can justify it" : "needs one of " + justifiedBy) + ")");
            }
        }
        return amr.size();
    }

    /** What this evidence does to the email and whether it proves the resulting address. */
    private record EmailOutcome(boolean verifiedAfter, boolean unverify) {
    }

    /** Rule {@code email-proof}. */
    private EmailOutcome emailOutcome(JsonNode entries, List<EvidenceAction> actions, EvidenceSubject subject) throws EvidenceException {
        String newEmail = null;
        boolean mark = false;
        for (EvidenceAction action : actions) {
            if (action instanceof EvidenceAction.SetUserAttributes set && set.attributes().containsKey(EMAIL)) {
                List<String> values = set.attributes().get(EMAIL);
                newEmail = values.isEmpty() ? "" : values.get(0);
            }
            mark |= action instanceof EvidenceAction.MarkEmailVerified;
        }
        boolean changed = newEmail != null && !newEmail.equalsIgnoreCase(subject.email() == null ? "" : subject.email());
        String resulting = newEmail != null ? newEmail : subject.email();
        boolean proven = false;
        for (JsonNode entry : entries) {
            JsonNode proved = entry.path("payload").path(EMAIL);
            proven |= EMAIL_CODE_VERIFIED.equals(entry.path("type").asText()) && proved.isTextual()
                    && resulting != null && !resulting.isEmpty() && proved.asText().equalsIgnoreCase(resulting);
        }
        if (mark && !proven) {
            throw fail(IoError.EVIDENCE_UNPROVEN_EMAIL, "mark_email_verified without an " + EMAIL_CODE_VERIFIED
                    + " entry for the resulting address");
        }
        return new EmailOutcome(mark || (!changed && subject.emailVerified()), changed && !proven);
    }

    /** Rule {@code required-action-proof}. */
    private void requireProof(String alias, List<EvidenceAction> actions, EmailOutcome email, EvidenceSubject subject)
            throws EvidenceException {
        if (!subject.requiredActions().contains(alias)) {
            return; // removing what the user does not have changes nothing
        }
        EvidenceContract.RequiredActionProof proof = contract.requiredActionProofs().get(alias);
        if (proof == null) {
            throw fail(IoError.EVIDENCE_REQUIREMENT_UNMET, "required action '" + alias + "' is never removed by evidence");
        }
        boolean holds;
        String needed;
        if (proof.credentialSinceHandoff() != null) {
            long since = handoffIssuedAt * 1000;
            holds = subject.credentialsCreatedAt(proof.credentialSinceHandoff()).stream().anyMatch(created -> created >= since);
            needed = "a " + proof.credentialSinceHandoff() + " credential created since the handoff";
        } else if (proof.emailVerifiedAfterEvidence()) {
            holds = email.verifiedAfter();
            needed = "a verified email after this evidence";
        } else {
            holds = proof.termsRecordedInEvidence() && actions.stream().anyMatch(EvidenceAction.RecordTermsAcceptance.class::isInstance);
            needed = "terms recorded by this evidence";
        }
        if (!holds) {
            throw fail(IoError.EVIDENCE_REQUIREMENT_UNMET, "required action '" + alias + "' needs " + needed);
        }
    }

    private EvidenceException fail(IoError error, String detail) {
        return new EvidenceException(error, detail, correlationId, null);
    }
}
