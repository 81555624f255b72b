package io.iokeycloak.provider.journey;

/** Authentication-session notes that bind a handoff to the evidence that answers it. */
public final class IoAuthNotes {

    public static final String NONCE = "io.nonce";
    public static final String HANDOFF_JTI = "io.handoff_jti";

    private IoAuthNotes() {
    }
}
