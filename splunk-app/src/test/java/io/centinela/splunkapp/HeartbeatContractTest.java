package io.centinela.splunkapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/heartbeat.md and docs/heartbeat.schema.json agree, and the app's alerting relies only on required fields. */
class HeartbeatContractTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode schemaNode;
    static JsonSchema schema;

    @BeforeAll
    static void load() throws IOException {
        schemaNode = JSON.readTree(Files.readString(AppChecks.repoRoot().resolve("docs/heartbeat.schema.json")));
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaNode);
    }

    static JsonNode docExample() throws IOException {
        String md = Files.readString(AppChecks.repoRoot().resolve("docs/heartbeat.md"));
        int start = md.indexOf("```json") + "```json".length();
        return JSON.readTree(md.substring(start, md.indexOf("```", start)));
    }

    @Test
    void theDocumentedExampleIsValid() throws IOException {
        JsonNode envelope = docExample();
        assertEquals("centinela:heartbeat", envelope.get("sourcetype").asText());
        Set<ValidationMessage> errors = schema.validate(envelope.get("event"));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void unknownFieldsAndMissingRequiredFieldsAreRejected() throws IOException {
        ObjectNode extra = (ObjectNode) docExample().get("event").deepCopy();
        extra.put("hec_503", 3);
        assertFalse(schema.validate(extra).isEmpty(), "additionalProperties is false");
        ObjectNode missing = (ObjectNode) docExample().get("event").deepCopy();
        missing.remove("hec_busy");
        assertFalse(schema.validate(missing).isEmpty(), "hec_busy is required");
        ObjectNode negative = (ObjectNode) docExample().get("event").deepCopy();
        negative.put("dlq_count", -1);
        assertFalse(schema.validate(negative).isEmpty(), "counts are never negative");
    }

    @Test
    void savedSearchesUseOnlyRequiredHeartbeatFields() throws IOException {
        Set<String> required = new HashSet<>();
        schemaNode.get("required").forEach(n -> required.add(n.asText()));
        AppTree app = AppTree.fromSource();
        SplFields fields = new SplFields(Map.of(AppChecks.HEARTBEAT_ST, AppChecks.heartbeatFields()), new AppChecks(app).lookupFields());
        Macros macros = new Macros(app.conf("macros.conf"));
        for (AppSearches.Search s : AppSearches.savedSearches(app)) {
            if (s.spl().contains("centinela_heartbeats")) {
                fields.check(s.label(), macros.expand(s.spl(), new java.util.ArrayList<>()));
            }
        }
        Set<String> used = new TreeSet<>(fields.referenced());
        used.removeAll(SplFields.BUILT_INS);
        Set<String> heartbeat = AppChecks.heartbeatFields();
        used.removeIf(f -> !heartbeat.contains(f));
        assertFalse(used.isEmpty());
        assertTrue(required.containsAll(used), "alerts must not depend on optional heartbeat fields: " + used);
    }
}
