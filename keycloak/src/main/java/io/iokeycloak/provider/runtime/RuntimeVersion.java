package io.iokeycloak.provider.runtime;

import io.iokeycloak.provider.grant.Grants;

import java.util.List;

/**
 * What a handoff needs of one published version: its reference, its declared {@code permissions}
 * (null with {@code permissionsProblem} set when they do not have the contract's shapes, which
 * fails a handoff of that version closed) and the flow ids its {@code call-flow} nodes name, in node order.
 */
public record RuntimeVersion(VersionRef ref, Grants permissions, String permissionsProblem, List<String> calls) {

    public RuntimeVersion {
        calls = List.copyOf(calls);
    }
}
