package io.centinela.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.kafka.ConnectorService;
import io.centinela.kafka.PipelineHarness;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.SwappableSigma;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.centinela.risk.CorrelationEvents.MIN;
import static io.centinela.risk.CorrelationEvents.SEC;
import static io.centinela.risk.CorrelationEvents.T0;
import static io.centinela.risk.RiskKafka.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector with the project's own logon correlations loaded and risk off: Security logon events on a topic ->
 * per-event analysis (the base rules are generate:false: no alert of their own, but published as detections) ->
 * the correlation branch of the topology, started because the rules hold correlations -> the alert topic -> HEC.
 * The analyst sees exactly the two correlation alerts, with the ids {@code sigma scan} gives for the same records.
 */
class CorrelationConnectorTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    private static byte[] logon(long offsetMs, int eventId, String user, String ip) {
        return ("{\"EventID\":" + eventId + ",\"Channel\":\"Security\",\"Computer\":\"DC1.corp.example\",\"LogonType\":\"3\","
                + "\"TargetUserName\":\"" + user + "\",\"IpAddress\":\"" + ip + "\",\"TimeCreated\":\""
                + Instant.ofEpochMilli(T0 + offsetMs) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> alerts(HecTestServer hec) {
        return hec.indexed().stream().filter(e -> "centinela:alert".equals(e.path("sourcetype").asText()))
                .map(e -> e.get("event")).toList();
    }

    @Test
    void logonAttacksBecomeCorrelationAlertsAtHecWithTheScansIds(@TempDir Path dir) throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 1);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(logon(i * 20 * SEC, 4625, "alice", "10.0.0.5"));
        }
        values.add(logon(5 * MIN, 4624, "alice", "10.0.0.5"));
        for (int i = 0; i < 10; i++) {
            values.add(logon(6 * MIN + i * 10 * SEC, 4625, "user" + i, "10.0.0.9"));
        }
        byte[] later = logon(3 * 60 * MIN, 4625, "carol", "10.0.0.77"); // moves event time past every window
        h.produce(values, values.stream().map(v -> "attack").toList());

        CorrelationEvents.Rules rules = CorrelationEvents.logonRules();
        List<Event> events = new ArrayList<>();
        EventParser parser = new EventParser();
        for (int i = 0; i < values.size(); i++) {
            events.add(parser.parse(values.get(i), new EventOrigin.Kafka(h.topic, 0, i, 0), EventFormat.AUTO));
        }
        assertEquals(21, CorrelationEvents.detections(rules, events).size(), "the base rules match every logon");
        List<String> expected = CorrelationEvents.offlineIds(rules, events);
        assertEquals(2, expected.size());

        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            Map<String, Object> c = h.config(hec);
            c.put("correlation.grace.ms", CorrelationEvents.GRACE.toMillis());
            c.put("risk.application.id", "corr-" + h.topic);
            c.put("risk.detections.topic", h.topic + ".detections");
            c.put("risk.alerts.topic", h.topic + ".alerts");
            c.put("risk.partitions", 2);
            c.put("risk.state.dir", dir.toString());
            AnalysisEngines engines = new AnalysisEngines(new SwappableSigma(rules.standalone()), null, null,
                    new AlertFusion(FusionPolicy.defaults()), 0, null);
            try (ConnectorService s = h.start(c, engines)) {
                awaitCommitted(h, values.size());
                h.produce(List.of(later), List.of("attack"));
                await(Duration.ofSeconds(120), () -> alerts(hec).size() >= 2, () -> alerts(hec).toString());
                awaitCommitted(h, values.size() + 1);
                Thread.sleep(1000);
                List<JsonNode> indexed = alerts(hec);
                assertEquals(expected, indexed.stream().map(a -> a.get("alert_id").asText()).sorted().toList(),
                        "only the correlation alerts (the base rules are generate:false), ids as sigma scan: " + indexed);
                JsonNode chain = indexed.stream().filter(a -> "critical".equals(a.path("severity").asText())).findFirst().orElseThrow();
                assertEquals("Brute Force Followed By A Successful Logon", chain.get("signature").asText());
                assertEquals("alice", chain.get("user").asText());
                assertEquals("10.0.0.5", chain.get("src").asText());
                assertEquals("alice", chain.get("risk_object").asText());
                assertTrue(chain.get("mitre_technique_id").toString().contains("T1110.001"), chain.toString());
                assertTrue(chain.get("reasons").get(0).asText().contains("temporal_ordered"), chain.toString());
                assertTrue(chain.get("origin").get("event").asText().contains("kafka:" + h.topic + "/0/"), chain.toString());
                JsonNode spray = indexed.stream().filter(a -> "high".equals(a.path("severity").asText())).findFirst().orElseThrow();
                assertEquals("Password Spraying From One Source", spray.get("signature").asText());
                assertEquals("10.0.0.9", spray.get("src").asText());
                assertEquals(h.topic, spray.get("origin").get("topic").asText());
            }
        }
    }

    private static void awaitCommitted(PipelineHarness h, long n) throws Exception {
        await(Duration.ofSeconds(120), () -> {
            try {
                return h.committed().entrySet().stream().filter(e -> e.getKey().topic().equals(h.topic))
                        .mapToLong(e -> e.getValue()).sum() >= n;
            } catch (Exception e) {
                return false;
            }
        }, () -> "source not committed to " + n);
    }
}
