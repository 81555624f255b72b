package io.iokeycloak.provider.mapper;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvidenceClaimsTest {

    @Test
    void notesAreJsonArrays() {
        assertEquals(List.of("require_attributes", "otp_verified"), EvidenceClaims.readNote("[\"require_attributes\",\"otp_verified\"]"));
        assertEquals(List.of(), EvidenceClaims.readNote(null));
        assertEquals(List.of(), EvidenceClaims.readNote("not json"));
    }

    @Test
    void amrIsMergedIntoWhatTheTokenHas() {
        assertEquals(List.of("pwd", "otp"), EvidenceClaims.mergeAmr(List.of("pwd"), List.of("otp", "pwd")));
        assertEquals(List.of("pwd", "otp"), EvidenceClaims.mergeAmr("pwd", List.of("otp")));
        assertEquals(List.of("otp"), EvidenceClaims.mergeAmr(null, List.of("otp")));
    }
}
