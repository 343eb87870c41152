package io.centinela.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.event.Event;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.kafka.ConnectorService;
import io.centinela.kafka.PipelineHarness;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.centinela.risk.RiskKafka.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector with entity risk on: events -> per-event analysis -> detections topic -> risk topology -> risk alert
 * topic -> the connector's HEC delivery. Four medium hits on one host and user raise one risk alert for each; under
 * quiet mode the four per-event alerts are held back, so the analyst sees 2 alerts instead of 7.
 */
class RiskConnectorTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    /** A medium rule on whoami (shape of a real SigmaMatch): the weak signal that only matters in numbers. */
    static AnalysisEngines whoamiEngines() {
        SigmaEvaluator whoami = new SigmaEvaluator() {
            @Override
            public List<SigmaMatch> evaluate(Event event) {
                String cl = event.field("CommandLine");
                if (cl != null && cl.toLowerCase(Locale.ROOT).contains("whoami")) {
                    // one rule per variant (the last digit): one rule repeating counts 3 times at most
                    char v = cl.charAt(cl.length() - 1);
                    return List.of(new SigmaMatch("c0ffee00-0000-4000-8000-00000000000" + v, "Whoami variant " + v, "medium",
                            "test", List.of("attack.discovery", "attack.t1033"), "centinela tests", List.of(),
                            List.of("selection"), Map.of("CommandLine", cl)));
                }
                return List.of();
            }

            @Override
            public int ruleCount() {
                return 1;
            }
        };
        return new AnalysisEngines(whoami, null, null, new AlertFusion(FusionPolicy.defaults()), 0, null);
    }

    private static byte[] event(String host, String user, String time, int i) {
        return ("{\"EventID\":1,\"Computer\":\"" + host + "\",\"User\":\"CORP\\\\" + user + "\",\"UtcTime\":\"" + time
                + "\",\"Image\":\"C:\\\\Windows\\\\System32\\\\whoami.exe\",\"CommandLine\":\"whoami /all " + i + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The source topic committed to its end (the group also commits the risk alert topic: not compared). */
    private static void awaitSourceCommitted(PipelineHarness h) throws Exception {
        var end = h.endOffsets();
        await(Duration.ofSeconds(120), () -> {
            try {
                var c = h.committed();
                return end.entrySet().stream().allMatch(e -> e.getValue().equals(c.get(e.getKey())));
            } catch (Exception e) {
                return false;
            }
        }, () -> "source not committed to its end " + end);
    }

    private static List<JsonNode> alerts(HecTestServer hec) {
        return hec.indexed().stream().filter(e -> "centinela:alert".equals(e.path("sourcetype").asText())).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alongside", "quiet"})
    void weakSignalsOnOneEntityBecomeOneRiskAlert(String mode, @TempDir Path dir) throws Exception {
        PipelineHarness h = new PipelineHarness(broker, 2);
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            values.add(event("ws9.corp.local", "bob", "2020-09-13 12:0" + i + ":00.000", i));
        }
        h.produce(values, List.of("attack", "attack", "attack", "attack"));
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            Map<String, Object> c = h.config(hec);
            c.put("risk.enabled", true);
            c.put("risk.mode", mode);
            c.put("risk.application.id", "risk-" + h.topic);
            c.put("risk.detections.topic", h.topic + ".detections");
            c.put("risk.alerts.topic", h.topic + ".risk-alerts");
            c.put("risk.partitions", 2);
            c.put("risk.state.dir", dir.toString());
            try (ConnectorService s = h.start(c, whoamiEngines())) {
                awaitSourceCommitted(h); // each record done: its detection acked by Kafka
                // Later: moves event time on. Sent with the others, parallel workers could publish it first and make
                // them late (11 h behind, grace 5 min), which is the rule, not this test's subject.
                h.produce(List.of(event("tick.corp.local", "tick", "2020-09-13 23:00:00.000", 9)), List.of("attack"));
                int expected = "quiet".equals(mode) ? 2 : 7;
                await(Duration.ofSeconds(120), () -> alerts(hec).size() >= expected, () -> alerts(hec).toString());
                awaitSourceCommitted(h); // every source record acked by Kafka and delivered
                Thread.sleep(1000);
                List<JsonNode> indexed = alerts(hec);
                assertEquals(expected, indexed.size(), indexed.toString());
                List<String> risk = indexed.stream().map(e -> e.get("event"))
                        .filter(a -> a.get("signature_id").asText().startsWith("centinela:risk:"))
                        .map(a -> a.get("risk_object_type").asText() + ":" + a.get("risk_object").asText()).sorted().toList();
                assertEquals(List.of("system:ws9.corp.local", "user:CORP\\bob"), risk);
                assertEquals("quiet".equals(mode) ? 5 : 0, s.stats().riskOnly.sum());
                assertEquals(2, s.stats().riskAlerts.sum());
                assertTrue(indexed.stream().allMatch(e -> e.get("event").has("alert_id")));
            }
        }
    }
}
