package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.config.CentinelaConfig;
import io.centinela.demo.DemoRun;
import io.centinela.demo.EventGenerator;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generated stream through the real engines (SigmaHQ rules from ../shared/data, the project's bundled YARA
 * rules via libyara, fusion): every attack event, and nothing else, arrives at HEC with the expected detections.
 */
class ProjectRulesEndToEndTest {

    @Test
    void generatedStreamGivesExactlyTheScenarioAlerts(@TempDir Path dir) throws Exception {
        Path shared = Path.of(System.getProperty("centinela.shared", "../shared"));
        Path sigma = shared.resolve("data/sigma/rules");
        assertTrue(Files.isDirectory(sigma), "SigmaHQ rules missing at " + sigma.toAbsolutePath()
                + ": the shared data (../shared/data/sigma) must be present");
        List<EventGenerator.Generated> stream = new EventGenerator(42).generate(1200, 0.01);
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(true,
                     List.of(sigma.resolve("windows"), sigma.resolve("web")), List.of(), false, null))) {
            for (String t : EventGenerator.TOPICS) {
                broker.createTopics(2, t, t + ".dlq");
            }
            Map<String, String> scenarios = DemoRun.produce(broker, stream, 2);
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("kafka.bootstrap.servers", broker.bootstrapServers());
            cfg.put("kafka.group.id", "e2e-project-rules");
            cfg.put("kafka.topics", Map.of(EventGenerator.SYSMON, "evtx-json", EventGenerator.WEB, "ecs-web",
                    EventGenerator.EMAIL, "ecs-email"));
            cfg.put("hec.urls", List.of(hec.uri().toString()));
            cfg.put("hec.token", PipelineHarness.TOKEN);
            cfg.put("hec.allow.plaintext", true);
            cfg.put("output.alerts.file", dir.resolve("alerts.jsonl").toString());
            DemoRun.Report r = DemoRun.run(broker, CentinelaConfig.fromMap(cfg), engines, scenarios,
                    dir.resolve("alerts.jsonl"), null);
            assertEquals(1200, r.events());
            Map<String, JsonNode> byOrigin = new HashMap<>();
            for (JsonNode env : hec.indexed()) {
                if ("centinela:alert".equals(env.path("sourcetype").asText())) {
                    JsonNode o = env.path("event").path("origin");
                    byOrigin.put(o.path("topic").asText() + "/" + o.path("partition").asInt() + "/"
                            + o.path("offset").asLong(), env.path("event"));
                }
            }
            assertEquals(scenarios.keySet(), byOrigin.keySet(), "alerts for exactly the attack events");
            Map<String, Set<String>> detections = new HashMap<>();
            byOrigin.forEach((k, a) -> {
                Set<String> d = detections.computeIfAbsent(scenarios.get(k), x -> new HashSet<>());
                a.path("sigma").forEach(m -> d.add("sigma:" + m.path("title").asText()));
                a.path("yara").forEach(m -> d.add("yara:" + m.path("rule").asText()));
                a.path("mitre_technique_id").forEach(m -> d.add("mitre:" + m.asText()));
                assertTrue(Set.of("high", "critical").contains(a.path("severity").asText()), a.toString());
            });
            assertTrue(detections.get("credential-dumping").contains("sigma:HackTool - Mimikatz Execution"), detections.toString());
            assertTrue(detections.get("credential-dumping").contains("mitre:T1003.001"), detections.toString());
            assertTrue(detections.get("powershell-download-cradle").contains("yara:CENTINELA_PowerShell_EncodedCommand"), detections.toString());
            assertTrue(detections.get("web-sql-injection").contains("sigma:SQL Injection Strings In URI"), detections.toString());
            assertTrue(detections.get("phishing-attachment").contains("yara:CENTINELA_EICAR_Test_File"), detections.toString());
            assertEquals(Files.readAllLines(dir.resolve("alerts.jsonl")).size(), byOrigin.size(),
                    "alerts.jsonl holds the same alerts in HEC envelope form");
        }
    }
}
