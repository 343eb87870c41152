package io.centinela.kafka;

import io.centinela.testkit.SharedData;
import io.centinela.testkit.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.StandInRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectorEndToEndTest {

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void up() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void down() {
        broker.close();
    }

    @Test
    void knownMixGivesExactlyTheExpectedAlertsAtHec(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 3);
        h.produceMix(1000, true);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
          var cfg = h.config(hec);
          cfg.put("heartbeat.interval.ms", 400L);
          cfg.put("output.alerts.topic", h.topic + ".alerts");
          cfg.put("output.alerts.file", dir.resolve("alerts.jsonl").toString());
          try (ConnectorService s = h.start(cfg, StandInRules.engines())) {
            h.assertInvariants(hec, Set.of(), 0);
            PipelineHarness.await(Duration.ofSeconds(10), () -> hec.indexed().stream().anyMatch(
                    e -> "centinela:heartbeat".equals(e.path("sourcetype").asText())), () -> "no heartbeat");
            var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                    .getSchema(java.nio.file.Files.readString(SharedData.repo()
                            .resolve("docs/heartbeat.schema.json")));
            long consumed = 0;
            for (JsonNode env : hec.indexed()) {
                if (!"centinela:heartbeat".equals(env.path("sourcetype").asText())) {
                    continue;
                }
                assertEquals("centinela:connector", env.path("source").asText());
                assertEquals(Set.of(), schema.validate(env.path("event")), "heartbeat follows docs/heartbeat.schema.json");
                assertEquals(1, env.path("event").path("rules_loaded").asInt());
                consumed += env.path("event").path("events_consumed").asLong();
            }
            assertTrue(consumed <= 1000, "heartbeat counts are deltas: " + consumed);
            Set<String> ids = new HashSet<>();
            for (JsonNode env : hec.indexed()) {
                if ("centinela:heartbeat".equals(env.path("sourcetype").asText())) {
                    continue;
                }
                assertEquals("centinela:alert", env.path("sourcetype").asText());
                assertEquals("centinela", env.path("source").asText());
                assertTrue(env.path("time").isNumber(), "time is epoch seconds");
                JsonNode a = env.path("event");
                assertEquals("Mimikatz command line", a.path("signature").asText());
                assertEquals("high", a.path("severity").asText());
                assertEquals(4, a.path("severity_id").asInt());
                assertEquals("T1003.001", a.path("mitre_technique_id").path(0).asText());
                assertTrue(a.path("dest").asText().endsWith(".corp.local"));
                assertEquals("CORP\\admin", a.path("user").asText());
                assertEquals("sigma", a.path("detection_sources").path(0).asText());
                assertTrue(a.path("origin").path("event").asText().contains("mimikatz"));
                assertEquals(a.path("alert_id").asText(), env.path("fields").path("alert_id").asText());
                ids.add(a.path("alert_id").asText());
            }
            assertEquals(h.expectedAlerts.size(), ids.size(), "one distinct alert id per attack event");
            // the optional outputs carry the same alerts
            Set<String> fileIds = new HashSet<>();
            for (String line : java.nio.file.Files.readAllLines(dir.resolve("alerts.jsonl"))) {
                fileIds.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).path("event").path("alert_id").asText());
            }
            assertEquals(ids, fileIds, "alerts.jsonl holds the alerts in HEC envelope form");
            Set<String> topicIds = new HashSet<>();
            try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(java.util.Map.<String, Object>of(
                    "bootstrap.servers", broker.bootstrapServers()), new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.StringDeserializer())) {
                var tp = new org.apache.kafka.common.TopicPartition(h.topic + ".alerts", 0);
                c.assign(java.util.List.of(tp));
                c.seekToBeginning(java.util.List.of(tp));
                long deadline = System.currentTimeMillis() + 15000;
                while (topicIds.size() < ids.size() && System.currentTimeMillis() < deadline) {
                    c.poll(Duration.ofMillis(200)).forEach(r -> topicIds.add(r.key()));
                }
            }
            assertEquals(ids, topicIds, "the alert topic holds the alerts keyed by alert_id");
            assertEquals(100, h.expectedAlerts.size(), "the mix holds 100 attacks");
            s.stop();
            assertNull(s.await(Duration.ofSeconds(30)));
            assertEquals(1000, s.stats().events.sum());
            assertEquals(4, s.stats().deadLettered.sum());
          }
        }
    }
}
