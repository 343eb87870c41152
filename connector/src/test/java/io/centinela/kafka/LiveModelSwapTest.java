package io.centinela.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.LiveModelDir;
import io.centinela.pipeline.LiveScorer;
import io.centinela.pipeline.TestPackages;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Promote and rollback against the running service: real broker, HEC test server, real packages (the shipped one
 * and a copy under another version). Alerts carry the model version live when their event was scored; a package
 * that fails verification after the pointer moved keeps the old scorer serving.
 */
class LiveModelSwapTest {

    private static final String RULE = """
            title: Swap Marker
            id: 0c0c0c0c-0000-4000-8000-000000000003
            status: test
            level: high
            logsource: {product: windows, category: process_creation}
            detection:
              selection:
                CommandLine|contains: 'swap-marker'
              condition: selection
            """;

    private static byte[] event(int i) {
        return ("{\"EventID\":1,\"Channel\":\"Microsoft-Windows-Sysmon/Operational\",\"Computer\":\"ws1.corp.local\","
                + "\"User\":\"CORP\\\\u1\",\"Image\":\"C:\\\\Temp\\\\t.exe\",\"CommandLine\":\"t.exe swap-marker " + i
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Produces {@code n} marker events and waits for their alerts; returns the model versions they carry. */
    private static Set<String> versionsOfNext(PipelineHarness h, HecTestServer hec, int n) throws Exception {
        int before = h.keys.size();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            values.add(event(before + i));
        }
        h.produce(values, values.stream().map(v -> "benign").toList());
        Set<String> keys = Set.copyOf(h.keys.subList(before, h.keys.size()));
        PipelineHarness.await(Duration.ofSeconds(60), () -> alerts(hec, keys).size() == n,
                () -> "alerts for " + keys + ": " + alerts(hec, keys).size());
        Set<String> versions = new TreeSet<>();
        alerts(hec, keys).forEach(a -> versions.add(a.path("model").path("version").asText("<unscored>")));
        return versions;
    }

    private static List<JsonNode> alerts(HecTestServer hec, Set<String> keys) {
        return hec.indexed().stream().filter(e -> "centinela:alert".equals(e.path("sourcetype").asText()))
                .map(e -> e.path("event")).filter(a -> keys.contains(a.path("origin").path("topic").asText() + "/"
                        + a.path("origin").path("partition").asInt() + "/" + a.path("origin").path("offset").asLong()))
                .toList();
    }

    @Test
    void alertsCarryTheNewVersionAfterPromoteAndTheOldAfterRollback(@TempDir Path tmp) throws Exception {
        String vA = TestPackages.shippedVersion();
        String vB = vA + "-candidate";
        Path pkgB = TestPackages.withVersion(tmp.resolve("pkg-b"), vB);
        Path live = tmp.resolve("live");
        Files.createDirectories(live);
        LiveModelDir liveDir = new LiveModelDir(live);
        liveDir.promote(TestPackages.shipped());
        Path sigma = Files.createDirectories(tmp.resolve("sigma"));
        Files.writeString(sigma.resolve("swap.yml"), RULE);

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(false, List.of(sigma), List.of(),
                     true, live))) {
            PipelineHarness h = new PipelineHarness(broker, 1);
            Map<String, Object> cfg = h.config(hec);
            cfg.put("rules.builtin", false);
            cfg.put("rules.sigma.dirs", List.of(sigma.toString()));
            cfg.put("pipeline.scoring.policy", "all");
            cfg.put("rules.reload.debounce.ms", 200L);
            cfg.put("heartbeat.interval.ms", 300L);
            LiveScorer scorer = assertInstanceOf(LiveScorer.class, engines.model());
            try (ConnectorService s = h.start(cfg, engines)) {
                assertEquals(Set.of(vA), versionsOfNext(h, hec, 3));

                liveDir.promote(pkgB);
                PipelineHarness.await(Duration.ofSeconds(30), () -> scorer.version().equals(vB), () -> "live " + scorer.version());
                assertEquals(Set.of(vB), versionsOfNext(h, hec, 3), "after promote");

                // a package modified after it was copied in: the pointer moves, the load fails, B keeps serving
                Path broken = live.resolve(LiveModelDir.PACKAGES).resolve("broken");
                TestPackages.copy(pkgB, broken);
                Files.writeString(broken.resolve("config.json"), Files.readString(broken.resolve("config.json"))
                        .replace(vB, vB + "-tampered"));
                Path tmpPointer = Files.writeString(live.resolve(".pointer.tmp"), "broken\n");
                Files.move(tmpPointer, live.resolve(LiveModelDir.CURRENT), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                PipelineHarness.await(Duration.ofSeconds(30), () -> scorer.failures() == 1, () -> "failures " + scorer.failures());
                assertEquals(Set.of(vB), versionsOfNext(h, hec, 2), "a failed load keeps the old model");

                // rollback: previous (A, recorded at the promote of B) is live again
                liveDir.rollback();
                PipelineHarness.await(Duration.ofSeconds(30), () -> scorer.version().equals(vA), () -> "live " + scorer.version());
                assertEquals(Set.of(vA), versionsOfNext(h, hec, 3), "after rollback");
                PipelineHarness.await(Duration.ofSeconds(10), () -> hec.indexed().stream().filter(e -> "centinela:heartbeat"
                                .equals(e.path("sourcetype").asText())).reduce((a, b) -> b).map(e -> e.path("event")
                                .path("model_version").asText().endsWith(" " + vA)).orElse(false),
                        () -> "heartbeat model_version");
                assertEquals(0, s.stats().deadLettered.sum(), "no event lost to a swap");
                s.stop();
                assertNull(s.await(Duration.ofSeconds(30)));
            }
        }
    }
}
