package io.iokeycloak.provider.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shared contract with the bridge ({@code contract/evidence-actions.json}, packaged as
 * {@code io-contract/evidence-actions.json}): the action vocabulary, the grant shapes, the proofs
 * required actions need, the amr vocabulary, what obligations authorize, the time limits, the
 * attribute that names the journey which created a user. Read
 * once; the Java side restates none of it.
 */
public final class EvidenceContract {

    public static final String RESOURCE = "io-contract/evidence-actions.json";

    private static final EvidenceContract INSTANCE = load();

    /** How a required action is shown to be done (one of the three is set). */
    public record RequiredActionProof(String credentialSinceHandoff, boolean emailVerifiedAfterEvidence,
                                      boolean termsRecordedInEvidence) {
    }

    /**
     * One grant an obligation type authorizes: fixed list fields, and fields taken from the
     * obligation's params ({@code fromParam}: grant field -> param name).
     */
    public record ObligationGrant(String type, Map<String, List<String>> fixed, Map<String, String> fromParam) {
    }

    private final String protocolVersion;
    private final Map<String, Set<String>> actionFields;
    private final Map<String, Map<String, Boolean>> grantFields;
    private final Map<String, RequiredActionProof> requiredActionProofs;
    private final Set<String> amrValues;
    private final Map<String, Set<String>> amrJustifiedBy;
    private final Map<String, List<ObligationGrant>> obligationGrants;
    private final long clockToleranceSeconds;
    private final long evidenceMaxLifetimeSeconds;
    private final String journeyAttribute;

    private EvidenceContract(JsonNode root) {
        protocolVersion = root.path("protocolVersion").asText();
        Map<String, Set<String>> actions = new LinkedHashMap<>();
        Map<String, Map<String, Boolean>> grants = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> action : entries(root.path("actions"))) {
            actions.put(action.getKey(), Collections.unmodifiableSet(new LinkedHashSet<>(names(action.getValue().path("fields")))));
            Map<String, Boolean> fields = new LinkedHashMap<>();
            // A grant field is required unless the contract's description says it is optional.
            entries(action.getValue().path("grant")).forEach(field ->
                    fields.put(field.getKey(), !field.getValue().asText().contains("optional")));
            grants.put(action.getKey(), Collections.unmodifiableMap(fields));
        }
        actionFields = Collections.unmodifiableMap(actions);
        grantFields = Collections.unmodifiableMap(grants);

        Map<String, RequiredActionProof> proofs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> proof : entries(root.path("requiredActionProofs"))) {
            JsonNode value = proof.getValue();
            proofs.put(proof.getKey(), new RequiredActionProof(value.path("credentialSinceHandoff").asText(null),
                    value.path("emailVerifiedAfterEvidence").asBoolean(false), value.path("termsRecordedInEvidence").asBoolean(false)));
        }
        requiredActionProofs = Collections.unmodifiableMap(proofs);

        amrValues = Collections.unmodifiableSet(new LinkedHashSet<>(texts(root.path("amrValues"))));
        Map<String, Set<String>> justified = new LinkedHashMap<>();
        entries(root.path("amrJustifiedBy")).forEach(entry ->
                justified.put(entry.getKey(), Collections.unmodifiableSet(new LinkedHashSet<>(texts(entry.getValue())))));
        amrJustifiedBy = Collections.unmodifiableMap(justified);

        Map<String, List<ObligationGrant>> byObligation = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> obligation : entries(root.path("obligationGrants"))) {
            if (obligation.getKey().startsWith("$")) {
                continue;
            }
            List<ObligationGrant> templates = new ArrayList<>();
            for (JsonNode template : obligation.getValue()) {
                Map<String, List<String>> fixed = new LinkedHashMap<>();
                Map<String, String> fromParam = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> field : entries(template)) {
                    if (field.getKey().equals("fromParam")) {
                        entries(field.getValue()).forEach(param -> fromParam.put(param.getKey(), param.getValue().asText()));
                    } else if (!field.getKey().equals("type")) {
                        fixed.put(field.getKey(), texts(field.getValue()));
                    }
                }
                templates.add(new ObligationGrant(template.path("type").asText(), Map.copyOf(fixed), Map.copyOf(fromParam)));
            }
            byObligation.put(obligation.getKey(), List.copyOf(templates));
        }
        obligationGrants = Collections.unmodifiableMap(byObligation);

        clockToleranceSeconds = root.path("clockToleranceSeconds").asLong();
        evidenceMaxLifetimeSeconds = root.path("evidenceMaxLifetimeSeconds").asLong();
        journeyAttribute = root.path("journeyAttribute").asText();
    }

    public static EvidenceContract get() {
        return INSTANCE;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    /** Action type -> the fields an action of that type carries besides {@code type}. */
    public Map<String, Set<String>> actionFields() {
        return actionFields;
    }

    /** Action type -> the fields of a grant of that type -> whether the field is required. */
    public Map<String, Map<String, Boolean>> grantFields() {
        return grantFields;
    }

    /** Required-action alias -> the proof its removal needs; an alias without one is never removed by evidence. */
    public Map<String, RequiredActionProof> requiredActionProofs() {
        return requiredActionProofs;
    }

    /** The registered amr values (RFC 8176). */
    public Set<String> amrValues() {
        return amrValues;
    }

    /** amr value -> the evidence entry types that justify it. */
    public Map<String, Set<String>> amrJustifiedBy() {
        return amrJustifiedBy;
    }

    /** Built-in obligation type -> the grants it authorizes. */
    public Map<String, List<ObligationGrant>> obligationGrants() {
        return obligationGrants;
    }

    public long clockToleranceSeconds() {
        return clockToleranceSeconds;
    }

    public long evidenceMaxLifetimeSeconds() {
        return evidenceMaxLifetimeSeconds;
    }

    /** The user attribute in which the bridge's user creation records the journey's correlation id (protocol 1.4). */
    public String journeyAttribute() {
        return journeyAttribute;
    }

    private static EvidenceContract load() {
        try (InputStream in = EvidenceContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the provider jar");
            }
            return new EvidenceContract(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode object) {
        return new ArrayList<>(object.properties());
    }

    private static List<String> names(JsonNode object) {
        return entries(object).stream().map(Map.Entry::getKey).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return List.copyOf(values);
    }
}
