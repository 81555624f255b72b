package io.iokeycloak.provider.obligation;

import java.time.Duration;
import java.time.Instant;

/**
 * How a soft rule treats a user who skipped it (rule field {@code skip}): not asked again for
 * {@code remindAfter} after a skip, and no longer skippable (asked as mandatory) once skipped
 * {@code maxSkips} times. Either may be absent. Skips are counted per user and obligation type
 * ({@link SkipState}).
 */
public record SkipPolicy(Integer maxSkips, Duration remindAfter) {

    /** Still within {@code remindAfter} of the last skip: the rule does not hold for now. */
    boolean snoozed(SkipState state, Instant now) {
        return remindAfter != null && state.skippedAt() != null && state.skippedAt().plus(remindAfter).isAfter(now);
    }

    /** The user has used up the skips: the obligation is owed as mandatory. */
    boolean exhausted(SkipState state) {
        return maxSkips != null && state.count() >= maxSkips;
    }
}
