package io.iokeycloak.provider.obligation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A user for rule tests: attributes, email state, credentials and what the profile requires. */
final class FakeFacts implements UserFacts {

    final Map<String, List<String>> attributes = new HashMap<>();
    final Set<String> credentials = new HashSet<>();
    final List<String> profileRequired = new ArrayList<>();
    boolean emailVerified = true;
    String clientId = "test-client";

    FakeFacts client(String id) {
        clientId = id;
        return this;
    }

    FakeFacts with(String name, String... values) {
        attributes.put(name, List.of(values));
        return this;
    }

    FakeFacts credential(String type) {
        credentials.add(type);
        return this;
    }

    FakeFacts emailVerified(boolean verified) {
        emailVerified = verified;
        return this;
    }

    FakeFacts profileRequires(String... names) {
        profileRequired.addAll(List.of(names));
        return this;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public List<String> attribute(String name) {
        return attributes.getOrDefault(name, List.of());
    }

    @Override
    public boolean emailVerified() {
        return emailVerified;
    }

    @Override
    public boolean hasCredential(String type) {
        return credentials.contains(type);
    }

    @Override
    public List<String> profileRequiredMissing() {
        return profileRequired.stream().filter(name -> UserFacts.isEmpty(attribute(name))).toList();
    }
}
