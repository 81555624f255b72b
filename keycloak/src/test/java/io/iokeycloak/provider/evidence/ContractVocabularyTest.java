package io.iokeycloak.provider.evidence;

import io.iokeycloak.provider.contract.EvidenceContract;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Java vocabulary is the contract's: the same action types with the same fields, the same grant fields. */
class ContractVocabularyTest {

    @Test
    void theParserKnowsExactlyTheContractsActionsAndTheirFields() {
        assertEquals(new TreeMap<>(EvidenceContract.get().actionFields()), new TreeMap<>(EvidenceActionParser.FIELDS));
    }

    @Test
    void theAuthorizerReadsTheGrantFieldTheContractDeclaresForEachType() {
        Map<String, Set<String>> javaGrantFields = new TreeMap<>();
        EvidenceActionParser.FIELDS.keySet().forEach(type -> {
            String field = EvidenceAuthorizer.GRANT_FIELD.get(type);
            javaGrantFields.put(type, field == null ? Set.of() : Set.of(field));
        });
        Map<String, Set<String>> contractGrantFields = new TreeMap<>();
        EvidenceContract.get().grantFields().forEach((type, fields) -> contractGrantFields.put(type, fields.keySet()));
        assertEquals(contractGrantFields, javaGrantFields);
    }
}
