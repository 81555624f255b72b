package io.iokeycloak.provider.mapper;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Pure helpers of the evidence mapper: reading the session notes and merging {@code amr}. */
final class EvidenceClaims {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceClaims() {
    }

    /** A note holding a JSON array of strings; anything else reads as empty. */
    static List<String> readNote(String note) {
        if (note == null || note.isBlank()) {
            return List.of();
        }
        try {
            List<String> values = JSON.readValue(note, new TypeReference<List<String>>() { });
            return values == null ? List.of() : values;
        } catch (Exception e) {
            return List.of();
        }
    }

    /** {@code amr} values already in the token (another mapper's), then ours, without duplicates. */
    static List<String> mergeAmr(Object existing, List<String> added) {
        Set<String> merged = new LinkedHashSet<>();
        if (existing instanceof Collection<?> values) {
            values.forEach(value -> merged.add(String.valueOf(value)));
        } else if (existing instanceof String value) {
            merged.add(value);
        }
        merged.addAll(added);
        return new ArrayList<>(merged);
    }
}
