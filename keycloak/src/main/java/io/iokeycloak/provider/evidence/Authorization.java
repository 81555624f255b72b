package io.iokeycloak.provider.evidence;

/**
 * What {@link EvidenceAuthorizer} decided beyond "every action may be applied".
 *
 * @param unverifyEmail    the evidence changes the email without proving the new address: after
 *                         applying, the email is unverified (contract rule {@code email-proof})
 * @param identifiedUserId the user {@code sign_in_user} or {@code identify_user} made the login's
 *                         user (protocol 1.4), or null when the evidence set none
 */
public record Authorization(boolean unverifyEmail, String identifiedUserId) {
}
