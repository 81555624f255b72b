package io.iokeycloak.provider.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The stable rollout bucket (0..99) of a subject for a flow: the first 4 bytes (big-endian,
 * unsigned) of SHA-256(UTF-8 of {@code realmId/flowId/subjectKey}) mod 100. The same user lands in
 * the same bucket at every login; contract/vectors/rollout-buckets.json pins the computation.
 */
public final class RolloutBucket {

    private RolloutBucket() {
    }

    public static int of(String realmId, String flowId, String subjectKey) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((realmId + "/" + flowId + "/" + subjectKey).getBytes(StandardCharsets.UTF_8));
            return (int) (Integer.toUnsignedLong(ByteBuffer.wrap(hash, 0, 4).getInt()) % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The rollout version when the subject's bucket is below the percentage, else the active one. */
    public static int choose(String realmId, RuntimeFlow flow, String subjectKey) {
        if (flow.rolloutVersion() != null && flow.rolloutPercentage() != null
                && of(realmId, flow.id(), subjectKey) < flow.rolloutPercentage()) {
            return flow.rolloutVersion();
        }
        return flow.activeVersion();
    }
}
