package io.iokeycloak.provider.evidence;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AcrLevelTest {

    private static final Map<String, Integer> MAP = Map.of("silver", 1, "gold", 2, "3", 7);

    @Test
    void acrValuesOfTheMapGiveTheirLevel() {
        assertEquals(OptionalInt.of(1), AcrLevel.parse("silver", MAP));
        assertEquals(OptionalInt.of(2), AcrLevel.parse("gold", MAP));
    }

    @Test
    void integersAreRefusedEvenWhenTheMapHasThemAsKeys() {
        assertEquals(OptionalInt.empty(), AcrLevel.parse("0", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("2", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("999", Map.of()));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("3", MAP));
    }

    @Test
    void anythingElseIsUnknown() {
        assertEquals(OptionalInt.empty(), AcrLevel.parse("platinum", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("-1", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse("", MAP));
        assertEquals(OptionalInt.empty(), AcrLevel.parse(null, MAP));
    }
}
