package io.iokeycloak.provider.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract is packaged into the provider jar and is the one it reads. */
class VocabularyTest {

    @Test
    void theContractIsOnTheClasspath() {
        EvidenceContract contract = EvidenceContract.get();
        assertEquals("1.4", contract.protocolVersion());
        assertEquals("io.journey", contract.journeyAttribute());
        assertTrue(contract.amrValues().contains("otp"));
        assertEquals(30, contract.clockToleranceSeconds());
        assertEquals(120, contract.evidenceMaxLifetimeSeconds());
    }
}
