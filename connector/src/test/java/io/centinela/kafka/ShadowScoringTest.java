package io.centinela.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.config.ConfigException;
import io.centinela.config.CentinelaConfig;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.PipelineStats;
import io.centinela.pipeline.TestPackages;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow scoring in the running service: the candidate (the shipped package with every threshold at 0, so it
 * would alert on everything) scores the same events as the live one, is logged and counted, and raises no alert.
 */
class ShadowScoringTest {

    private static final int N = 12;

    @Test
    void candidateIsLoggedAndCountedButNeverAlerts(@TempDir Path tmp) throws Exception {
        String vA = TestPackages.shippedVersion();
        String vB = vA + "-shadow";
        Path cand = TestPackages.withConfig(tmp.resolve("cand"), vB, c -> {
            c.put("threshold", 0.0);
            ObjectNode d = (ObjectNode) c.get("domainThresholds");
            List<String> names = new ArrayList<>();
            d.fieldNames().forEachRemaining(names::add);
            names.forEach(f -> d.put(f, 0.0));
        });
        Path log = tmp.resolve("shadow/scores.jsonl");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(false, List.of(), List.of(), true,
                     TestPackages.shipped()))) {
            PipelineHarness h = new PipelineHarness(broker, 1);
            Map<String, Object> cfg = new HashMap<>(h.config(hec));
            cfg.put("rules.builtin", false);
            cfg.put("pipeline.scoring.policy", "all");
            cfg.put("baseline.enabled", false);
            cfg.put("model.shadow.dir", cand.toString());
            Map<String, Object> noLog = new HashMap<>(cfg);
            ConfigException missing = assertThrows(ConfigException.class,
                    () -> new ConnectorService(CentinelaConfig.fromMap(noLog), engines, new PipelineStats()));
            assertTrue(missing.getMessage().contains("model.shadow.log"), missing.getMessage());
            cfg.put("model.shadow.log", log.toString());

            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                values.add(PipelineHarness.benign(i));
            }
            try (ConnectorService s = h.start(cfg, engines)) {
                h.produce(values, values.stream().map(v -> "benign").toList());
                h.awaitCommittedToEnd(Duration.ofSeconds(60));
                var shadow = s.shadow();
                assertEquals(N, shadow.scored.sum());
                assertEquals(N, shadow.candidateAlerts.sum(), "threshold 0: the candidate would alert on every event");
                long liveAlerts = shadow.liveAlerts.sum();
                assertTrue(liveAlerts < N, "the live package does not alert on every benign event: " + liveAlerts);
                long delivered = hec.indexed().stream().filter(e -> "centinela:alert".equals(e.path("sourcetype").asText())).count();
                assertEquals(liveAlerts, delivered, "only the live model's verdicts alert");
                s.stop();
                assertNull(s.await(Duration.ofSeconds(30)));
            }
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            lines.add(json.readTree(l));
        }
        assertEquals(N, lines.size());
        assertEquals(Set.of(vA), lines.stream().map(l -> l.path("live_version").asText()).collect(Collectors.toSet()));
        assertEquals(Set.of(vB), lines.stream().map(l -> l.path("cand_version").asText()).collect(Collectors.toSet()));
        for (JsonNode l : lines) {
            assertTrue(l.path("origin").asText().startsWith("kafka:events-"), l.toString());
            assertTrue(l.path("cand_alert").asBoolean(), l.toString());
            assertTrue(l.path("live").isNumber() && l.path("cand").isNumber(), l.toString());
        }
    }
}
