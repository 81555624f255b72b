package io.iokeycloak.provider.obligation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@code when} of an obligation rule: primitives over {@link UserFacts} and their composition. */
public sealed interface Condition {

    Match evaluate(UserFacts facts);

    /** {@code {"attributesMissing": [names]}}: holds when any listed attribute is empty. */
    record AttributesMissing(List<String> attributes) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            Set<String> missing = new LinkedHashSet<>();
            for (String name : attributes) {
                if (UserFacts.isEmpty(facts.attribute(name))) {
                    missing.add(name);
                }
            }
            return missing.isEmpty() ? Match.NO : new Match(true, missing, Set.of(), Set.of());
        }
    }

    /** {@code {"profileRequiredMissing": true}}: holds when the user profile has required attributes left empty. */
    record ProfileRequiredMissing() implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            List<String> missing = facts.profileRequiredMissing();
            return missing.isEmpty() ? Match.NO : new Match(true, new LinkedHashSet<>(missing), Set.of(), Set.of());
        }
    }

    /** {@code {"attributeOlderThan": {"attribute", "value"}}}: string comparison; a missing attribute counts as older. */
    record AttributeOlderThan(String attribute, String value) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            List<String> values = facts.attribute(attribute);
            if (UserFacts.isEmpty(values)) {
                return Match.YES;
            }
            return Match.of(values.get(0).compareTo(value) < 0);
        }
    }

    /** {@code {"emailNotVerified": true}}. */
    record EmailNotVerified(boolean expected) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            return Match.of(!facts.emailVerified() == expected);
        }
    }

    /** {@code {"credentialMissing": [types]}}: holds when the user has no credential of any listed type. */
    record CredentialMissing(List<String> types) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            Set<String> missing = new LinkedHashSet<>();
            for (String type : types) {
                if (!facts.hasCredential(type)) {
                    missing.add(type);
                }
            }
            return missing.isEmpty() ? Match.NO : new Match(true, Set.of(), missing, Set.of());
        }
    }

    /** {@code {"consentMissing": [purposes]}}: holds when attribute {@code io_consent.<purpose>} is absent for any. */
    record ConsentMissing(List<String> purposes) implements Condition {

        public static final String ATTRIBUTE_PREFIX = "io_consent.";

        @Override
        public Match evaluate(UserFacts facts) {
            Set<String> missing = new LinkedHashSet<>();
            for (String purpose : purposes) {
                if (UserFacts.isEmpty(facts.attribute(ATTRIBUTE_PREFIX + purpose))) {
                    missing.add(purpose);
                }
            }
            return missing.isEmpty() ? Match.NO : new Match(true, Set.of(), Set.of(), missing);
        }
    }

    /** {@code {"not": c}}: what is missing under a negation means nothing, so it is dropped. */
    record Not(Condition condition) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            return Match.of(!condition.evaluate(facts).holds());
        }
    }

    /** {@code {"all": [..]}}; an empty list holds. */
    record All(List<Condition> conditions) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            Match result = Match.YES;
            for (Condition condition : conditions) {
                result = result.and(condition.evaluate(facts));
                if (!result.holds()) {
                    return Match.NO;
                }
            }
            return result;
        }
    }

    /** {@code {"any": [..]}}; an empty list does not hold. */
    record Any(List<Condition> conditions) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            Match result = Match.NO;
            for (Condition condition : conditions) {
                result = result.or(condition.evaluate(facts));
            }
            return result;
        }
    }
}
