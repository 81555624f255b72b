package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.error.IoError;
import com.fasterxml.jackson.databind.JsonNode;
import io.iokeycloak.provider.contract.EvidenceContract;

import java.util.List;
import java.util.Optional;

/**
 * Protocol 1.4: which user, if any, the evidence makes the login's user. The contract's rules
 * {@code one-identity}, {@code created-by-journey}, {@code identify-proof} and
 * {@code identify-known}, in that order. The evidence only names a user; whether that user may be
 * signed in is decided from what Keycloak holds (the user's realm, creation time, journey
 * attribute, enabled flag, the proven email). Pure.
 */
final class IdentityRules {

    private final EvidenceContract contract;
    private final LoginUsers users;
    private final long handoffIssuedAt;
    private final String correlationId;

    /**
     * @param handoffIssuedAt the handoff's {@code iat}, seconds
     * @param correlationId   the handoff's correlation id (auth note), which the created user must carry
     */
    IdentityRules(EvidenceContract contract, LoginUsers users, long handoffIssuedAt, String correlationId) {
        this.contract = contract;
        this.users = users;
        this.handoffIssuedAt = handoffIssuedAt;
        this.correlationId = correlationId;
    }

    /** The user the evidence identifies, or empty when it identifies none (the session's user, if any, stays). */
    Optional<LoginUsers.RealmUser> identify(JsonNode entries, List<EvidenceAction> actions) throws EvidenceException {
        List<EvidenceAction> identifying = actions.stream().filter(EvidenceAction::identifies).toList();
        if (identifying.size() > 1) {
            throw fail(IoError.EVIDENCE_BAD_ACTION, "at most one sign_in_user or identify_user per evidence");
        }
        if (!identifying.isEmpty() && users.sessionHasUser()) {
            throw fail(IoError.EVIDENCE_BAD_ACTION, identifying.get(0).type() + " when the login already has a user");
        }
        if (identifying.isEmpty()) {
            if (!users.sessionHasUser() && actions.stream().anyMatch(EvidenceAction::actsOnUser)) {
                throw fail(IoError.EVIDENCE_BAD_ACTION, "actions that change a user, but the login has no user and the evidence sets none");
            }
            return Optional.empty();
        }
        EvidenceAction action = identifying.get(0);
        if (action instanceof EvidenceAction.SignInUser signIn) {
            return Optional.of(createdByJourney(signIn.userId()));
        }
        return Optional.of(identified(entries, ((EvidenceAction.IdentifyUser) action).email()));
    }

    /** Rule {@code created-by-journey}: every refusal gives the same code, so nothing tells which check failed. */
    private LoginUsers.RealmUser createdByJourney(String userId) throws EvidenceException {
        LoginUsers.RealmUser user = users.byId(userId)
                .orElseThrow(() -> fail(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY, "no user '" + userId + "' in this realm"));
        long createdSince = (handoffIssuedAt - contract.clockToleranceSeconds()) * 1000;
        if (user.createdTimestamp() == null || user.createdTimestamp() < createdSince) {
            throw fail(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY, "user '" + userId + "' was created before the handoff");
        }
        if (correlationId == null || !user.journeys().equals(List.of(correlationId))) {
            throw fail(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY, "user '" + userId + "' does not carry this journey's "
                    + contract.journeyAttribute());
        }
        if (!user.enabled()) {
            throw fail(IoError.EVIDENCE_USER_NOT_CREATED_BY_JOURNEY, "user '" + userId + "' is disabled");
        }
        return user;
    }

    /** Rules {@code identify-proof} and {@code identify-known}. */
    private LoginUsers.RealmUser identified(JsonNode entries, String email) throws EvidenceException {
        boolean proven = false;
        for (JsonNode entry : entries) {
            JsonNode proved = entry.path("payload").path("email");
            proven |= EvidenceAuthorizer.EMAIL_CODE_VERIFIED.equals(entry.path("type").asText()) && proved.isTextual()
                    && proved.asText().equalsIgnoreCase(email);
        }
        if (!proven) {
            throw fail(IoError.EVIDENCE_UNPROVEN_EMAIL, "identify_user without an " + EvidenceAuthorizer.EMAIL_CODE_VERIFIED
                    + " entry for that address");
        }
        List<LoginUsers.RealmUser> holders = users.byEmail(email).stream()
                .filter(user -> email.equalsIgnoreCase(user.email()))
                .toList();
        if (holders.size() != 1 || !holders.get(0).enabled()) {
            throw fail(IoError.EVIDENCE_USER_UNKNOWN, "no single enabled user of this realm has the address");
        }
        return holders.get(0);
    }

    private EvidenceException fail(IoError error, String detail) {
        return new EvidenceException(error, detail, correlationId, null);
    }
}
