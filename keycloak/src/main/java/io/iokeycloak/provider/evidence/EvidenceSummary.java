package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What tokens may say about the journey: the evidence entries' {@code type}s (claim
 * {@code io_evidence}) and the {@code amr} values entries carry in {@code payload.amr}
 * (a string or an array of strings). Unusable values are skipped, never echoed.
 */
public record EvidenceSummary(List<String> types, List<String> amr) {

    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    public static final EvidenceSummary EMPTY = new EvidenceSummary(List.of(), List.of());

    public EvidenceSummary {
        types = List.copyOf(types);
        amr = List.copyOf(amr);
    }

    public static EvidenceSummary of(JsonNode evidence) {
        if (evidence == null || !evidence.isArray()) {
            return EMPTY;
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> amr = new LinkedHashSet<>();
        for (JsonNode entry : evidence) {
            addIfValid(types, entry.path("type"));
            JsonNode entryAmr = entry.path("payload").path("amr");
            if (entryAmr.isArray()) {
                entryAmr.forEach(value -> addIfValid(amr, value));
            } else {
                addIfValid(amr, entryAmr);
            }
        }
        return new EvidenceSummary(new ArrayList<>(types), new ArrayList<>(amr));
    }

    private static void addIfValid(Set<String> values, JsonNode value) {
        if (value.isTextual() && VALUE.matcher(value.asText()).matches()) {
            values.add(value.asText());
        }
    }
}
