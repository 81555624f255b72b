package io.iokeycloak.provider.evidence;

import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The level a {@code raise_acr} names: a key of the acr-to-LoA map, or a plain integer level. */
public final class AcrLevel {

    private static final Pattern INTEGER_LEVEL = Pattern.compile("0|[1-9][0-9]{0,2}");

    private AcrLevel() {
    }

    public static OptionalInt parse(String level, Map<String, Integer> acrLoaMap) {
        if (level == null) {
            return OptionalInt.empty();
        }
        Integer mapped = acrLoaMap.get(level);
        if (mapped != null) {
            return OptionalInt.of(mapped);
        }
        return INTEGER_LEVEL.matcher(level).matches() ? OptionalInt.of(Integer.parseInt(level)) : OptionalInt.empty();
    }
}
