package io.iokeycloak.provider.obligation;

import io.iokeycloak.provider.consent.ConsentRecord;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code when} of an obligation rule: primitives over {@link UserFacts} and their composition.
 * {@link #evaluate} decides whether a login owes the obligation; {@link #review} is what a user who
 * asks to review it (self-service) is asked: everything the condition names, whether missing or not.
 */
public sealed interface Condition {

    Match evaluate(UserFacts facts);

    /**
     * For a review: the names this condition lists (attributes, credential types, purposes) are all
     * asked; a condition that lists none holds, except {@code emailNotVerified} and
     * {@code profileRequiredMissing}, which are evaluated as at login.
     */
    default Match review(UserFacts facts) {
        return Match.YES;
    }

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
            return missing.isEmpty() ? Match.NO : Match.attributes(missing);
        }

        @Override
        public Match review(UserFacts facts) {
            return Match.attributes(new LinkedHashSet<>(attributes));
        }
    }

    /** {@code {"profileRequiredMissing": true}}: holds when the user profile has required attributes left empty. */
    record ProfileRequiredMissing() implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            List<String> missing = facts.profileRequiredMissing();
            return missing.isEmpty() ? Match.NO : Match.attributes(new LinkedHashSet<>(missing));
        }

        @Override
        public Match review(UserFacts facts) {
            return evaluate(facts);
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

        @Override
        public Match review(UserFacts facts) {
            return evaluate(facts);
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
            return missing.isEmpty() ? Match.NO : Match.credentials(missing);
        }

        @Override
        public Match review(UserFacts facts) {
            return Match.credentials(new LinkedHashSet<>(types));
        }
    }

    /**
     * {@code {"consentMissing": [purposes]}} or {@code {"consentMissing": {purpose: version}}}: holds
     * when a purpose has no recorded decision ({@link ConsentRecord}), or, with versions, none for
     * that version: a new version of a purpose asks again.
     *
     * @param purposes purpose -> its current version (null: any recorded decision counts)
     */
    record ConsentMissing(Map<String, String> purposes) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            Map<String, String> missing = new LinkedHashMap<>();
            purposes.forEach((purpose, version) -> {
                if (!answered(facts, purpose, version)) {
                    missing.put(purpose, version);
                }
            });
            return missing.isEmpty() ? Match.NO : Match.consents(missing);
        }

        @Override
        public Match review(UserFacts facts) {
            return Match.consents(purposes);
        }

        private static boolean answered(UserFacts facts, String purpose, String version) {
            List<String> values = facts.attribute(ConsentRecord.attribute(purpose));
            if (version == null) {
                return !UserFacts.isEmpty(values);
            }
            return !values.isEmpty() && ConsentRecord.parse(values.get(0)).map(record -> record.answers(version)).orElse(false);
        }
    }

    /** {@code {"client": [clientIds]}}: holds when the login is for one of the listed clients (what that client needs). */
    record Client(List<String> clientIds) implements Condition {
        @Override
        public Match evaluate(UserFacts facts) {
            return Match.of(Optional.ofNullable(facts.clientId()).map(clientIds::contains).orElse(false));
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
            return combine(facts, false);
        }

        @Override
        public Match review(UserFacts facts) {
            return combine(facts, true);
        }

        private Match combine(UserFacts facts, boolean review) {
            Match result = Match.YES;
            for (Condition condition : conditions) {
                result = result.and(review ? condition.review(facts) : condition.evaluate(facts));
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
            return combine(facts, false);
        }

        @Override
        public Match review(UserFacts facts) {
            return combine(facts, true);
        }

        private Match combine(UserFacts facts, boolean review) {
            Match result = Match.NO;
            for (Condition condition : conditions) {
                result = result.or(review ? condition.review(facts) : condition.evaluate(facts));
            }
            return result;
        }
    }
}
