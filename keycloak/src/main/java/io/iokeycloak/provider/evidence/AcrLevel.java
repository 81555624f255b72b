package io.iokeycloak.provider.evidence;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The level a {@code raise_acr} names: a key of the client's (else the realm's) acr-to-LoA map
 * (contract rule {@code acr-level}). Bare integer levels are refused: the map is the realm's
 * statement of which levels exist and what they are worth.
 */
public final class AcrLevel {

    private AcrLevel() {
    }

    public static OptionalInt parse(String level, Map<String, Integer> acrLoaMap) {
        if (level == null || level.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        Integer mapped = acrLoaMap.get(level);
        return mapped != null ? OptionalInt.of(mapped) : OptionalInt.empty();
    }
}
