package io.iokeycloak.provider.evidence;

/**
 * What {@link EvidenceAuthorizer} decided beyond "every action may be applied".
 *
 * @param unverifyEmail the evidence changes the email without proving the new address: after
 *                      applying, the email is unverified (contract rule {@code email-proof})
 */
public record Authorization(boolean unverifyEmail) {
}
