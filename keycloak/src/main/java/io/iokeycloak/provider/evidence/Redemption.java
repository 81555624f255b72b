package io.iokeycloak.provider.evidence;

import org.keycloak.models.UserModel;

/**
 * Applied evidence and the user it was applied to.
 *
 * @param user       the login's user after the evidence: the session's, or the one it identified
 * @param identified the evidence made {@code user} the login's user ({@code sign_in_user} or
 *                   {@code identify_user}, protocol 1.4): the caller sets it on the authentication
 */
public record Redemption(VerifiedEvidence evidence, UserModel user, boolean identified) {
}
