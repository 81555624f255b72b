package io.iokeycloak.provider.obligation;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The result of a condition: whether it holds and, when it does, what was found missing. The
 * missing names become the obligation's params ({@code fields}, {@code credentialTypes},
 * {@code purposes}) so the bridge asks for exactly those.
 */
public record Match(boolean holds, Set<String> missingAttributes, Set<String> missingCredentials,
                    Set<String> missingConsents) {

    public static final Match NO = new Match(false, Set.of(), Set.of(), Set.of());
    public static final Match YES = new Match(true, Set.of(), Set.of(), Set.of());

    public Match {
        missingAttributes = ordered(missingAttributes);
        missingCredentials = ordered(missingCredentials);
        missingConsents = ordered(missingConsents);
    }

    static Match of(boolean holds) {
        return holds ? YES : NO;
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
        return new Match(true, joined(missingAttributes, other.missingAttributes),
                joined(missingCredentials, other.missingCredentials), joined(missingConsents, other.missingConsents));
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
