package io.iokeycloak.provider.session;

/** User-session notes the provider sets from applied evidence; protocol mappers turn them into claims. */
public final class IoSessionNotes {

    /** The journey's correlation id (a User Session Note mapper can put it in tokens). */
    public static final String CORRELATION_ID = "io.correlation_id";
    /** JSON array of the evidence entries' types; read by {@code io-evidence-mapper}. */
    public static final String EVIDENCE = "io.evidence";
    /** JSON array of amr values from the evidence entries' payloads; read by {@code io-evidence-mapper}. */
    public static final String AMR = "io.amr";
    /**
     * JSON array of the credential types this login enrolled after its journey asked for them, set
     * only once Keycloak holds the new credential ({@code EnrollmentWatch}).
     */
    public static final String ENROLLED = "io.enrolled";

    private IoSessionNotes() {
    }
}
