package io.iokeycloak.provider.evidence;

import java.util.List;
import java.util.Optional;

/**
 * The users evidence may act on, as Keycloak knows them at redemption: the authentication
 * session's user, and (protocol 1.4) the realm's users that {@code sign_in_user} and
 * {@code identify_user} may name. Lookups see this realm only. The Keycloak-bound implementation
 * is {@link KeycloakLoginUsers}; tests supply their own.
 */
public interface LoginUsers {

    /** Whether the authentication session has a user at redemption. */
    boolean sessionHasUser();

    /** What the rules ask about the session's user; without one, a view of nobody (no email, no credentials). */
    EvidenceSubject sessionSubject();

    /** The user of this realm with this id. */
    Optional<RealmUser> byId(String id);

    /** The users of this realm with this email, compared case-insensitively; may stop after the second. */
    List<RealmUser> byEmail(String email);

    /** A user of the realm as the pre-user rules see it; once it is the login's user, the later rules ask it as the subject. */
    interface RealmUser extends EvidenceSubject {

        String id();

        boolean enabled();

        /** When Keycloak created the user, in milliseconds; null when Keycloak does not know. */
        Long createdTimestamp();

        /** The values of the user's attribute {@code journeyAttribute} ({@code io.journey}). */
        List<String> journeys();
    }
}
