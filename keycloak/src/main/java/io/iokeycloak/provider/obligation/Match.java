package io.iokeycloak.provider.obligation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The result of a condition: whether it holds and, when it does, what was found missing. The
 * missing names become the obligation's params ({@code fields}, {@code credentialTypes},
 * {@code purposes} with their {@code versions}) so the bridge asks for exactly those.
 *
 * @param missingConsents purpose -> the version asked for (null: any version)
 */
public record Match(boolean holds, Set<String> missingAttributes, Set<String> missingCredentials,
                    Map<String, String> missingConsents) {

    public static final Match NO = new Match(false, Set.of(), Set.of(), Map.of());
    public static final Match YES = new Match(true, Set.of(), Set.of(), Map.of());

    public Match {
        missingAttributes = ordered(missingAttributes);
        missingCredentials = ordered(missingCredentials);
        missingConsents = Collections.unmodifiableMap(new LinkedHashMap<>(missingConsents));
    }

    static Match of(boolean holds) {
        return holds ? YES : NO;
    }

    static Match attributes(Set<String> names) {
        return new Match(true, names, Set.of(), Map.of());
    }

    static Match credentials(Set<String> types) {
        return new Match(true, Set.of(), types, Map.of());
    }

    static Match consents(Map<String, String> purposes) {
        return new Match(true, Set.of(), Set.of(), purposes);
    }

    /** Both hold; what is missing is the union. */
    Match and(Match other) {
        if (!holds || !other.holds) {
            return NO;
        }
        return union(other);
    }

    /** Either holds; what is missing is the union of the ones that hold. */
    Match or(Match other) {
        if (!holds) {
            return other;
        }
        if (!other.holds) {
            return this;
        }
        return union(other);
    }

    private Match union(Match other) {
        Map<String, String> consents = new LinkedHashMap<>(missingConsents);
        other.missingConsents.forEach(consents::putIfAbsent);
        return new Match(true, joined(missingAttributes, other.missingAttributes),
                joined(missingCredentials, other.missingCredentials), consents);
    }

    // Keeps the order the rule lists names in, so params are stable from login to login.
    private static Set<String> ordered(Set<String> names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    private static Set<String> joined(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
