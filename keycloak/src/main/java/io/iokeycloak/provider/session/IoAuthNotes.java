package io.iokeycloak.provider.session;

/** Authentication-session notes that bind a handoff to the evidence that answers it. */
public final class IoAuthNotes {

    public static final String NONCE = "io.nonce";
    public static final String HANDOFF_JTI = "io.handoff_jti";
    /** Generated at handoff, sent as claim {@code correlation_id}; the evidence must carry the same. */
    public static final String CORRELATION_ID = "io.correlation_id";
    /** JSON array of the grants the handoff carried: everything the evidence may do. */
    public static final String GRANTS = "io.grants";
    /** The handoff's {@code iat} (seconds): a credential that proves a required action is newer. */
    public static final String HANDOFF_IAT = "io.handoff_iat";
    /**
     * Set when the required action's journey was redeemed in this login: Keycloak evaluates
     * required-action triggers again after each action, and obligations are owed once per login.
     */
    public static final String OBLIGATIONS_DONE = "io.obligations_done";

    private IoAuthNotes() {
    }
}
