package io.iokeycloak.provider.evidence;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcrLevelTest {

    private static final Map<String, Integer> MAP = Map.of("silver", 1, "gold", 2, "3", 7);

    @Test
    void acrValuesOfTheMapGiveTheirLevel() {
        assertEquals(OptionalInt.of(2), AcrLevel.parse("gold", MAP));
        assertEquals(OptionalInt.of(7), AcrLevel.parse("3", MAP), "the map wins over the integer reading");
    }

    @Test
    void integersAreLevels() {
        assertEquals(OptionalInt.of(0), AcrLevel.parse("0", MAP));
        assertEquals(OptionalInt.of(2), AcrLevel.parse("2", Map.of()));
        assertEquals(OptionalInt.of(999), AcrLevel.parse("999", Map.of()));
    }

    @Test
    void anythingElseIsUnknown() {
        assertEquals(OptionalInt.empty(), AcrLevel.parse("platinum", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("-1", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("02", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("1000", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse(null, MAP));
    }
}
