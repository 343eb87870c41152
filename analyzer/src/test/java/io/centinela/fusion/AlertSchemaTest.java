package io.centinela.fusion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import io.centinela.alert.EpochSecondsSerializer;
import io.centinela.alert.HecEnvelope;
import io.centinela.event.Event;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alerts built by the fusion validate against docs/alert-schema.json; broken ones do not. */
class AlertSchemaTest {

    private static JsonSchema schema;
    private static List<Alert> examples;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of("..", "docs", "alert-schema.json");
        assertTrue(Files.exists(file), "docs/alert-schema.json beside the analyzer module");
        try (InputStream in = Files.newInputStream(file)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        AlertFusion fusion = new AlertFusion(FusionPolicy.defaults());
        Event sysmon = Samples.sysmonProcessCreation();
        Event mordor = Samples.mlEvent("windows", w -> w.path("event").path("EventID").asInt() == 4104, 1);
        Event web = Samples.mlEvent("web", w -> w.path("category").asText().equals("web-attack"), 2);
        Event email = Samples.mlEvent("email", w -> w.path("event").path("email").path("attachments").size() > 0, 3);
        var sigma = Samples.sigma("0b8bd7d1-6d9c-4b39-8ab6-5a3f4bbd6c1c", "Suspicious Encoded PowerShell", "high",
                List.of("attack.execution", "attack.t1059.001"), Map.of("ScriptBlockText", "FromBase64String"));
        var yara = Samples.yara("PowerShell_EncodedCommand", Map.of("severity", 5, "description", "d",
                "reference", "https://example.org", "active", true), "ScriptBlockText");
        examples = new ArrayList<>();
        examples.add(fusion.fuse(sysmon, List.of(sigma), List.of(), null).orElseThrow());
        examples.add(fusion.fuse(mordor, List.of(sigma), List.of(yara), Samples.model(0.97)).orElseThrow());
        examples.add(new AlertFusion(FusionPolicy.defaults().withExcerptMaxBytes(256))
                .fuse(mordor, List.of(), List.of(yara), Samples.model(0.2)).orElseThrow());
        examples.add(fusion.fuse(web, List.of(Samples.sigma("w", "Web", "medium", List.of("attack.t1190"),
                Map.of("cs-uri-query", "x"))), List.of(), Samples.model(0.6)).orElseThrow());
        examples.add(fusion.fuse(email, List.of(), List.of(), Samples.model(0.99)).orElseThrow());
    }

    private static Set<ValidationMessage> validate(JsonNode alert) {
        return schema.validate(alert);
    }

    @Test
    void fusedAlertsValidate() {
        for (Alert a : examples) {
            JsonNode tree = AlertJson.mapper().valueToTree(a);
            assertEquals(Set.of(), validate(tree), tree.toString());
        }
        assertTrue(examples.get(2).origin().truncated());
    }

    @Test
    void everySchemaPropertyIsProducedByTheFusion() {
        Set<String> seen = new java.util.TreeSet<>();
        for (Alert a : examples) {
            AlertJson.mapper().<JsonNode>valueToTree(a).fieldNames().forEachRemaining(seen::add);
        }
        Set<String> declared = new java.util.TreeSet<>();
        schema.getSchemaNode().get("properties").fieldNames().forEachRemaining(declared::add);
        declared.removeAll(seen);
        assertEquals(Set.of(), declared, "schema properties no example alert carries (src is absent in all"
                + " examples only if the data has none)");
    }

    @Test
    void brokenAlertsFail() {
        JsonNode good = AlertJson.mapper().valueToTree(examples.get(1));
        List<Consumer<ObjectNode>> breakers = List.of(
                a -> a.remove("alert_id"),
                a -> a.put("alert_id", "not-a-hash"),
                a -> a.put("severity", "severe"),
                a -> a.put("risk_score", 101),
                a -> a.put("time", "yesterday"),
                a -> a.put("unexpected", 1),
                a -> a.putArray("mitre_technique_id").add("t1059"),
                a -> a.putArray("detection_sources"),
                a -> ((ObjectNode) a.get("origin")).put("file", "x.json").put("line", 3),
                a -> ((ObjectNode) a.get("origin")).remove("event"),
                a -> ((ObjectNode) a.get("model")).put("score", 1.5),
                a -> ((ObjectNode) a.get("sigma").get(0)).remove("title"),
                a -> ((ObjectNode) a.get("yara").get(0).get("strings").get(0)).put("offset", -1));
        for (int i = 0; i < breakers.size(); i++) {
            ObjectNode broken = good.deepCopy();
            breakers.get(i).accept(broken);
            assertFalse(validate(broken).isEmpty(), "breaker " + i + " should fail: " + broken);
        }
    }

    @Test
    void hecEnvelope() {
        Alert a = examples.get(1);
        ObjectNode env = new HecEnvelope("centinela-host", "centinela:events.windows", null).toTree(a);
        assertEquals(Set.of("time", "host", "source", "sourcetype", "event", "fields"), names(env));
        assertEquals("centinela:alert", env.get("sourcetype").asText());
        assertEquals(a.dvc(), env.get("host").asText());
        assertTrue(env.get("time").isNumber());
        assertTrue(new HecEnvelope("h", "s", null).toJson(a).matches("\\{\"time\":\\d{10}\\.\\d{3},.*"));
        assertTrue(new HecEnvelope("h", "s", null).toJson(a).contains("\"event\":{\"alert_id\":\"" + a.alertId()
                + "\",\"time\":" + EpochSecondsSerializer.toDecimal(a.time()).toPlainString() + ","),
                "the alert's own time is plain epoch seconds too, not 1.7E9");
        assertEquals(Set.of(), validate(env.get("event")));
        JsonNode fields = env.get("fields");
        fields.fields().forEachRemaining(f -> assertTrue(f.getValue().isTextual() || (f.getValue().isArray()
                && allText(f.getValue())), "HEC indexed fields are flat strings or string arrays: " + f));
        assertEquals(a.severity().cimName(), fields.get("severity").asText());
        assertEquals(a.alertId(), fields.get("alert_id").asText());
        ObjectNode indexed = new HecEnvelope("h", "s", "security").toTree(examples.get(4));
        assertEquals("security", indexed.get("index").asText());
        assertEquals(null, examples.get(4).dvc(), "the e-mail example names no gateway");
        assertEquals("h", indexed.get("host").asText(), "no dvc: the configured host");
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(JsonNode n) {
        Set<String> s = new java.util.HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
