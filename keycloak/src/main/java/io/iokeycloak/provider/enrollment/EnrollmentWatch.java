package io.iokeycloak.provider.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.iokeycloak.provider.contract.EvidenceContract;
import io.iokeycloak.provider.evidence.EvidenceAction;
import io.iokeycloak.provider.evidence.VerifiedEvidence;
import io.iokeycloak.provider.journey.JourneyEvents;
import io.iokeycloak.provider.session.IoSessionNotes;
import org.keycloak.credential.CredentialModel;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * "Enrolled" as Keycloak sees it. Evidence can only ask for an enrollment (an
 * {@code add_required_action} such as {@code webauthn-register-passwordless}): Keycloak's own
 * required action registers the credential after the evidence was applied. So the provider
 * watches: when the applied evidence added a required action whose contract proof is
 * {@code credentialSinceHandoff: T}, it notes T with the time; each time Keycloak evaluates
 * required-action triggers again (after every required action) it looks for a stored credential
 * of type T created since, and only then reports the enrollment: a journey event with
 * {@code io_step=enrolled} and {@code io_credential_type=T}, and the user-session note
 * {@code io.enrolled} (JSON array of the types).
 */
public final class EnrollmentWatch {

    /** Authentication-session note: {@code {"correlationId", "since" (ms), "types": [...]}}. */
    public static final String PENDING = "io.enrollments";

    private static final ObjectMapper JSON = new ObjectMapper();

    private EnrollmentWatch() {
    }

    /** After evidence was applied: notes the credential types its added required actions should create. */
    public static void watch(AuthenticationSessionModel authSession, VerifiedEvidence evidence, long sinceMillis) {
        Set<String> types = new LinkedHashSet<>();
        for (EvidenceAction action : evidence.actions()) {
            if (action instanceof EvidenceAction.ChangeRequiredAction change && change.add()) {
                EvidenceContract.RequiredActionProof proof = EvidenceContract.get().requiredActionProofs().get(change.alias());
                if (proof != null && proof.credentialSinceHandoff() != null) {
                    types.add(proof.credentialSinceHandoff());
                }
            }
        }
        if (types.isEmpty()) {
            return;
        }
        ObjectNode pending = JSON.createObjectNode().put("correlationId", evidence.correlationId()).put("since", sinceMillis);
        types.forEach(pending.putArray("types")::add);
        authSession.setAuthNote(PENDING, pending.toString());
    }

    /** Reports every watched type the user now holds a credential of, created since; keeps watching the others. */
    public static void check(AuthenticationSessionModel authSession, UserModel user, EventBuilder event) {
        String note = authSession.getAuthNote(PENDING);
        if (note == null || user == null) {
            return;
        }
        JsonNode pending = read(note);
        long since = pending.path("since").asLong(Long.MAX_VALUE);
        String correlationId = pending.path("correlationId").asText(null);
        List<String> waiting = new ArrayList<>();
        List<String> enrolled = new ArrayList<>();
        for (JsonNode type : pending.path("types")) {
            if (createdSince(user, type.asText(), since)) {
                JourneyEvents.recordEnrolled(event, user, correlationId, type.asText());
                enrolled.add(type.asText());
            } else {
                waiting.add(type.asText());
            }
        }
        if (!enrolled.isEmpty()) {
            ArrayNode types = JSON.createArrayNode();
            String before = authSession.getUserSessionNotes().get(IoSessionNotes.ENROLLED);
            if (before != null) {
                types.addAll((ArrayNode) read(before));
            }
            enrolled.forEach(types::add);
            authSession.setUserSessionNote(IoSessionNotes.ENROLLED, types.toString());
        }
        if (waiting.isEmpty()) {
            authSession.removeAuthNote(PENDING);
        } else {
            ArrayNode types = ((ObjectNode) pending).putArray("types");
            waiting.forEach(types::add);
            authSession.setAuthNote(PENDING, pending.toString());
        }
    }

    private static boolean createdSince(UserModel user, String type, long sinceMillis) {
        // createdDate is milliseconds; null for imported credentials, which never count.
        return user.credentialManager().getStoredCredentialsByTypeStream(type)
                .map(CredentialModel::getCreatedDate).filter(Objects::nonNull)
                .anyMatch(created -> created >= sinceMillis);
    }

    // Both notes are the provider's own, written above.
    private static JsonNode read(String note) {
        try {
            return JSON.readTree(note);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable IO note: " + e.getOriginalMessage(), e);
        }
    }
}
