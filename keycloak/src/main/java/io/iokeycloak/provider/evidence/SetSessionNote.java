package io.iokeycloak.provider.evidence;

/** {@code set_session_note}: becomes the user-session note {@code io.{name}}. */
public record SetSessionNote(String name, String value) implements EvidenceAction {

    /** Namespace so evidence can never overwrite Keycloak's own session notes. */
    public static final String NOTE_PREFIX = "io.";

    @Override
    public String type() {
        return EvidenceActionParser.SET_SESSION_NOTE;
    }

    public String noteName() {
        return NOTE_PREFIX + name;
    }
}
