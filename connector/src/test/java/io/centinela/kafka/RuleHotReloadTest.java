package io.centinela.kafka;

import io.centinela.testkit.SharedData;
import io.centinela.testkit.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.config.CentinelaConfig;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.RuleSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot reload in the running service: real broker, real HEC receiver, real Sigma engine and libyara. Rule files
 * added to the watched folders take effect for later events; a broken file leaves the working rules in place.
 */
class RuleHotReloadTest {

    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void up() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterAll
    static void down() {
        broker.close();
    }

    private static String sigmaRule(String title, String id, String marker) {
        return """
                title: %s
                id: %s
                status: test
                level: high
                logsource: {product: windows, category: process_creation}
                detection:
                  selection:
                    CommandLine|contains: '%s'
                  condition: selection
                tags: [attack.execution, attack.t1059]
                """.formatted(title, id, marker);
    }

    private static byte[] event(String marker, int i) {
        return ("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Provider_Name\":\"Microsoft-Windows-Sysmon\","
                + "\"Computer\":\"ws1.corp.local\",\"User\":\"CORP\\\\u1\",\"Image\":\"C:\\\\Temp\\\\t.exe\","
                + "\"CommandLine\":\"t.exe " + marker + " " + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Produces one event per marker; returns origin key -> marker. */
    private static Map<String, String> produce(PipelineHarness h, List<String> markers) throws Exception {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < markers.size(); i++) {
            values.add(event(markers.get(i), i));
        }
        int before = h.keys.size();
        h.produce(values, markers.stream().map(m -> "benign").toList());
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < markers.size(); i++) {
            out.put(h.keys.get(before + i), markers.get(i));
        }
        return out;
    }

    /** Detections per origin key, as "sigma:title" / "yara:rule". */
    private static Map<String, Set<String>> detections(HecTestServer hec) {
        Map<String, Set<String>> out = new HashMap<>();
        for (JsonNode env : hec.indexed()) {
            if (!"centinela:alert".equals(env.path("sourcetype").asText())) {
                continue;
            }
            JsonNode a = env.path("event");
            JsonNode o = a.path("origin");
            Set<String> d = out.computeIfAbsent(o.path("topic").asText() + "/" + o.path("partition").asInt() + "/"
                    + o.path("offset").asLong(), k -> new TreeSet<>());
            a.path("sigma").forEach(m -> d.add("sigma:" + m.path("title").asText()));
            a.path("yara").forEach(m -> d.add("yara:" + m.path("rule").asText()));
        }
        return out;
    }

    private static List<JsonNode> heartbeats(HecTestServer hec) {
        return hec.indexed().stream().filter(e -> "centinela:heartbeat".equals(e.path("sourcetype").asText()))
                .map(e -> e.path("event")).toList();
    }

    @Test
    void addedRuleFilesApplyToLaterEventsAndBrokenOnesKeepTheWorkingRules(@TempDir Path dir) throws Exception {
        Path sigmaDir = Files.createDirectories(dir.resolve("sigma"));
        Path yaraDir = Files.createDirectories(dir.resolve("yara"));
        Files.writeString(sigmaDir.resolve("alpha.yml"), sigmaRule("Alpha Marker", "0a0a0a0a-0000-4000-8000-000000000001", "alpha-marker"));
        Files.writeString(yaraDir.resolve("alpha.yar"), "rule Yara_Alpha { strings: $a = \"alpha-marker\" condition: $a }\n");
        PipelineHarness h = new PipelineHarness(broker, 2);
        try (HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            Map<String, Object> cfg = h.config(hec);
            cfg.put("rules.builtin", false);
            cfg.put("rules.sigma.dirs", List.of(sigmaDir.toString()));
            cfg.put("rules.yara.dirs", List.of(yaraDir.toString()));
            cfg.put("rules.yara.strict", true);
            cfg.put("rules.reload.watch", true);
            cfg.put("rules.reload.debounce.ms", 300L);
            cfg.put("model.enabled", false);
            cfg.put("heartbeat.interval.ms", 300L);
            AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(
                    RuleSettings.from(CentinelaConfig.fromMap(cfg)), false, null));
            var reloader = engines.reloader();
            try (engines; ConnectorService s = h.start(cfg, engines)) {
                // 1. initial rules: alpha detected by both engines, beta not at all
                Map<String, String> first = produce(h, List.of("alpha-marker", "beta-marker", "alpha-marker", "beta-marker"));
                PipelineHarness.await(Duration.ofSeconds(30), () -> detections(hec).size() >= 2, () -> "first alerts: " + detections(hec));
                h.awaitCommittedToEnd(Duration.ofSeconds(30));
                Map<String, Set<String>> d1 = detections(hec);
                first.forEach((k, m) -> assertEquals(m.equals("alpha-marker") ? Set.of("sigma:Alpha Marker", "yara:Yara_Alpha") : null,
                        d1.get(k), k + " " + m));

                // 2. new rule files: later beta events are detected by the new Sigma and YARA rules
                Files.writeString(sigmaDir.resolve("beta.yml"), sigmaRule("Beta Marker", "0b0b0b0b-0000-4000-8000-000000000002", "beta-marker"));
                Files.writeString(yaraDir.resolve("beta.yar"), "rule Yara_Beta { strings: $a = \"beta-marker\" condition: $a }\n");
                PipelineHarness.await(Duration.ofSeconds(20), () -> reloader.sigmaRules() == 2 && reloader.yaraRules() == 2,
                        () -> "reload not seen: sigma " + reloader.sigmaRules() + ", yara " + reloader.yaraRules());
                Map<String, String> second = produce(h, List.of("beta-marker", "alpha-marker", "gamma-marker"));
                PipelineHarness.await(Duration.ofSeconds(30), () -> detections(hec).keySet().containsAll(
                        second.entrySet().stream().filter(e -> !e.getValue().equals("gamma-marker")).map(Map.Entry::getKey).toList()),
                        () -> "second alerts: " + detections(hec));
                h.awaitCommittedToEnd(Duration.ofSeconds(30));
                Map<String, Set<String>> d2 = detections(hec);
                second.forEach((k, m) -> assertEquals(switch (m) {
                    case "alpha-marker" -> Set.of("sigma:Alpha Marker", "yara:Yara_Alpha");
                    case "beta-marker" -> Set.of("sigma:Beta Marker", "yara:Yara_Beta");
                    default -> null;
                }, d2.get(k), k + " " + m));
                first.forEach((k, m) -> assertEquals(d1.get(k), d2.get(k), "earlier events are not re-analysed"));
                long failuresBefore = reloader.failures();
                long reloadsBefore = reloader.reloads();

                // 3. broken files: strict YARA keeps the old set (failure counted), Sigma rejects just that file
                Files.writeString(yaraDir.resolve("broken.yar"), "rule Broken { strings: $a = \"gamma-marker\" condition: $b }\n");
                Files.writeString(sigmaDir.resolve("broken.yml"), "title: Broken\ndetection:\n  sel: {CommandLine|bogusmod: gamma-marker}\n  condition: sel\n");
                PipelineHarness.await(Duration.ofSeconds(20), () -> reloader.failures() > failuresBefore,
                        () -> "broken reload not seen: reloads " + reloader.reloads() + " failures " + reloader.failures());
                assertTrue(reloader.reloads() > reloadsBefore);
                assertEquals(2, reloader.sigmaRules(), "Sigma keeps both good rules, rejects the broken file");
                assertEquals(2, reloader.yaraRules(), "strict YARA keeps the old rules");
                Map<String, String> third = produce(h, List.of("alpha-marker", "beta-marker", "gamma-marker"));
                PipelineHarness.await(Duration.ofSeconds(30), () -> detections(hec).keySet().containsAll(
                        third.entrySet().stream().filter(e -> !e.getValue().equals("gamma-marker")).map(Map.Entry::getKey).toList()),
                        () -> "third alerts: " + detections(hec));
                h.awaitCommittedToEnd(Duration.ofSeconds(30));
                Map<String, Set<String>> d3 = detections(hec);
                third.forEach((k, m) -> assertEquals(switch (m) {
                    case "alpha-marker" -> Set.of("sigma:Alpha Marker", "yara:Yara_Alpha");
                    case "beta-marker" -> Set.of("sigma:Beta Marker", "yara:Yara_Beta");
                    default -> null;
                }, d3.get(k), k + " " + m));
                assertEquals(0, s.stats().deadLettered.sum(), "no event lost to a reload");
                long failures = reloader.failures();
                PipelineHarness.await(Duration.ofSeconds(10), () -> heartbeats(hec).stream().anyMatch(
                        hb -> hb.path("rules_reload_failures").asLong() == failures), () -> "heartbeat " + heartbeats(hec));
                var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                        .getSchema(Files.readString(SharedData.repo().resolve("docs/heartbeat.schema.json")));
                for (JsonNode hb : heartbeats(hec)) {
                    assertEquals(Set.of(), schema.validate(hb), "heartbeat follows docs/heartbeat.schema.json");
                }
                JsonNode last = heartbeats(hec).get(heartbeats(hec).size() - 1);
                assertEquals(4, last.path("rules_loaded").asInt(), "live counts after reloads: 2 Sigma + 2 YARA");
                assertEquals(reloader.reloads(), last.path("rules_reloads").asLong());
                s.stop();
                assertNull(s.await(Duration.ofSeconds(30)));
            }
        }
    }
}
