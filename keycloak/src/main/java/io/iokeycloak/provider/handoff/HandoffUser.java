package io.iokeycloak.provider.handoff;

/** Non-secret profile attributes the bridge may show or prefill; any of them may be null. */
public record HandoffUser(String username, String email, String givenName, String familyName) {
}
