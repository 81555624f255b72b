package io.iokeycloak.provider.signup;

import io.iokeycloak.provider.contract.EvidenceContract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How Keycloak tells a sign-up waiting for an operator: a user whose attribute {@code io.approval}
 * is {@code pending} (the partner-signup journey sets it, and creates the user disabled), and the
 * organizations the same journey created, which carry that user's {@code io.journey} (both the
 * keycloak-user and the keycloak-organization create stamp the journey's correlation id, and no
 * flow can set it otherwise).
 */
public final class SignupMarks {

    public static final String APPROVAL_ATTRIBUTE = "io.approval";
    public static final String PENDING = "pending";

    private SignupMarks() {
    }

    /** The journey that created a pending sign-up's user, or null when the user is not one. */
    public static String pendingJourney(Function<String, List<String>> userAttribute) {
        if (!List.of(PENDING).equals(userAttribute.apply(APPROVAL_ATTRIBUTE))) {
            return null;
        }
        List<String> journey = userAttribute.apply(EvidenceContract.get().journeyAttribute());
        return journey != null && journey.size() == 1 && !journey.get(0).isBlank() ? journey.get(0) : null;
    }

    /** Whether an organization (by its attributes) was created by {@code journey}. */
    public static boolean createdBy(Map<String, List<String>> organizationAttributes, String journey) {
        return List.of(journey).equals(organizationAttributes.get(EvidenceContract.get().journeyAttribute()));
    }
}
