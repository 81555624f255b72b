package io.iokeycloak.provider.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvidenceSummaryTest {

    private static EvidenceSummary of(String evidence) throws Exception {
        return EvidenceSummary.of(new ObjectMapper().readTree(evidence));
    }

    @Test
    void typesAndAmrComeFromTheEntries() throws Exception {
        EvidenceSummary summary = of("["
                + "{\"type\": \"require_attributes\", \"step\": \"s1\", \"at\": 1, \"payload\": {\"fields\": [\"company\"]}},"
                + "{\"type\": \"otp_verified\", \"step\": \"s2\", \"at\": 2, \"payload\": {\"amr\": \"otp\"}},"
                + "{\"type\": \"passkey\", \"step\": \"s3\", \"at\": 3, \"payload\": {\"amr\": [\"hwk\", \"user\", \"otp\"]}},"
                + "{\"type\": \"otp_verified\", \"step\": \"s4\", \"at\": 4, \"payload\": {}}]");

        assertEquals(List.of("require_attributes", "otp_verified", "passkey"), summary.types());
        assertEquals(List.of("otp", "hwk", "user"), summary.amr());
    }

    @Test
    void unusableValuesAreSkipped() throws Exception {
        EvidenceSummary summary = of("[{\"type\": 5}, {\"type\": \"a b\"}, {\"payload\": {\"amr\": [1, \"<script>\"]}}, \"x\"]");
        assertEquals(List.of(), summary.types());
        assertEquals(List.of(), summary.amr());
        assertEquals(EvidenceSummary.EMPTY, EvidenceSummary.of(null));
    }
}
