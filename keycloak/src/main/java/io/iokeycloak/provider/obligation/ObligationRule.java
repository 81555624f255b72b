package io.iokeycloak.provider.obligation;

import io.iokeycloak.provider.consent.ConsentRecord;
import io.iokeycloak.provider.grant.Grants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code {type, when, params?, mode?, skip?, grants?}}: when {@code when} holds, the user owes an
 * obligation of {@code type}. {@code skip} (soft rules only) is how skips are remembered;
 * {@code grants} (custom types only) is what fulfilling it may change.
 *
 * @param skip null when the rule has none
 */
public record ObligationRule(String type, Condition when, Map<String, Object> params, String mode, SkipPolicy skip,
                             Grants grants) {

    /** Params the provider fills from what the condition found missing; they replace configured values. */
    public static final String FIELDS = "fields";
    public static final String CREDENTIAL_TYPES = "credentialTypes";
    public static final String PURPOSES = "purposes";
    /** Purpose -> the version asked for, for the purposes that name one. */
    public static final String VERSIONS = "versions";
    /** Field -> the value the user has now, for the fields asked that have one (prefill). */
    public static final String VALUES = "values";
    /** The purposes asked that the user has granted at the version asked (prechecked). */
    public static final String GRANTED = "granted";

    public ObligationRule {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** The obligation a login owes now, if any: the condition holds and no skip of the user's snoozes it. */
    public Optional<Obligation> evaluate(UserFacts facts, Instant now) {
        Match match = when.evaluate(facts);
        if (!match.holds()) {
            return Optional.empty();
        }
        String owedMode = mode;
        if (skip != null) {
            SkipState skipped = SkipState.of(facts.attribute(SkipState.attribute(type)));
            if (skip.snoozed(skipped, now)) {
                return Optional.empty();
            }
            if (skip.exhausted(skipped)) {
                owedMode = Obligation.MANDATORY;
            }
        }
        return Optional.of(new Obligation(type, owedMode, params(match, facts), grants));
    }

    /** What a user who asks to review this obligation is asked (always {@code soft}: leaving changes nothing). */
    public Optional<Obligation> review(UserFacts facts) {
        Match match = when.review(facts);
        return match.holds() ? Optional.of(new Obligation(type, Obligation.SOFT, params(match, facts), grants)) : Optional.empty();
    }

    private Map<String, Object> params(Match match, UserFacts facts) {
        Map<String, Object> resolved = new LinkedHashMap<>(params);
        putIfAny(resolved, FIELDS, new ArrayList<>(match.missingAttributes()));
        putIfAny(resolved, CREDENTIAL_TYPES, new ArrayList<>(match.missingCredentials()));
        putIfAny(resolved, PURPOSES, new ArrayList<>(match.missingConsents().keySet()));
        Map<String, String> versions = new LinkedHashMap<>();
        match.missingConsents().forEach((purpose, version) -> {
            if (version != null) {
                versions.put(purpose, version);
            }
        });
        putIfAny(resolved, VERSIONS, versions);
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : match.missingAttributes()) {
            facts.attribute(field).stream().filter(value -> value != null && !value.isBlank()).findFirst()
                    .ifPresent(value -> values.put(field, value));
        }
        putIfAny(resolved, VALUES, values);
        List<String> granted = new ArrayList<>();
        match.missingConsents().forEach((purpose, version) -> {
            List<String> recorded = facts.attribute(ConsentRecord.attribute(purpose));
            if (!recorded.isEmpty() && ConsentRecord.parse(recorded.get(0))
                    .filter(record -> record.granted() && record.answers(version)).isPresent()) {
                granted.add(purpose);
            }
        });
        putIfAny(resolved, GRANTED, granted);
        return resolved;
    }

    private static void putIfAny(Map<String, Object> params, String name, List<String> values) {
        if (!values.isEmpty()) {
            params.put(name, values);
        }
    }

    private static void putIfAny(Map<String, Object> params, String name, Map<String, String> values) {
        if (!values.isEmpty()) {
            params.put(name, values);
        }
    }
}
