package io.iokeycloak.provider.evidence;

/** One entry of the evidence's {@code actions}, from the closed vocabulary of protocol version 1. */
public sealed interface EvidenceAction permits SetSessionNote {
}
