package io.centinela.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.baseline.SiteBaseline;
import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.PipelineStats;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import io.centinela.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The site baseline in the service (docs/baseline.md), with a real broker, the HEC test server and the real default
 * model: it warms up on the stream's benign web requests (which the classifier flags: every one of them is a
 * model-alone alert while the baseline is cold), then a repeat of one of them is no longer an alert while attacks
 * still are; the baseline is saved at stop and reloaded at restart (warm at once), and a tampered file is refused.
 */
class BaselineServiceTest {

    private static final int WARM_UP = 40;
    private static final int BENIGN = 60;

    @TempDir
    Path tmp;

    /** An ordinary image request of a small shop site (6 client addresses, so no contributor reaches its cap). */
    static byte[] benign(int i) {
        return web(i, "10.1.0." + (i % 6 + 1), "/shop/images/product-" + i + "-thumb.png", 200);
    }

    static byte[] sqlInjection() {
        return web(0, "203.0.113.77", "/shop/item.php?id=1%27%20UNION%20SELECT%20username,password%20FROM%20users--", 500);
    }

    private static byte[] web(int i, String ip, String url, int status) {
        return String.format(Locale.ROOT, "{\"@timestamp\":\"2026-12-03T10:%02d:%02dZ\",\"event\":{\"category\":[\"web\"],"
                + "\"dataset\":\"apache.access\"},\"http\":{\"request\":{\"method\":\"GET\"},\"response\":"
                + "{\"status_code\":%d}},\"url\":{\"original\":\"%s\"},\"user_agent\":{\"original\":\"Mozilla/5.0 "
                + "(X11; Linux x86_64) Firefox/120.0\"},\"source\":{\"ip\":\"%s\"}}", i / 60, i % 60, status, url, ip)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void warmBaselineVetoesWhatTheSiteSeesAndSurvivesARestart() throws Exception {
        Path file = tmp.resolve("state/baseline.bin");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN);
             AnalysisEngines engines = EngineFactory.create(new EngineFactory.Spec(false, List.of(), List.of(), true,
                     SharedData.repo().resolve("models/default")))) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            Map<String, Object> cfg = new HashMap<>(h.config(hec));
            cfg.put("pipeline.scoring.policy", "all");
            cfg.put("baseline.path", file.toString());
            cfg.put("baseline.warmup.events", WARM_UP);
            cfg.put("baseline.persist.interval.ms", 1000L);

            String repeatKey;
            try (ConnectorService s = h.start(cfg, engines)) {
                List<byte[]> warm = new ArrayList<>();
                for (int i = 0; i < BENIGN; i++) {
                    warm.add(benign(i));
                }
                produce(h, warm);
                h.awaitCommittedToEnd(Duration.ofSeconds(120));
                repeatKey = h.keys.get(5);
                // cold baseline: the classifier's verdict counts alone, and it flags this site's image requests
                PipelineHarness.await(Duration.ofSeconds(30), () -> modelAlerts(hec).contains(repeatKey),
                        () -> "the classifier should flag the benign request while the baseline is cold: " + modelAlerts(hec));

                int before = h.keys.size();
                produce(h, List.of(benign(5), benign(5), benign(5), sqlInjection(), PipelineHarness.attack(1)));
                h.awaitCommittedToEnd(Duration.ofSeconds(120));
                List<String> phase2 = h.keys.subList(before, h.keys.size());
                PipelineHarness.await(Duration.ofSeconds(30), () -> modelAlerts(hec).containsAll(phase2.subList(3, 5)),
                        () -> "the attacks must still alert: " + modelAlerts(hec) + " of " + phase2);
                for (String k : phase2.subList(0, 3)) {
                    assertFalse(modelAlerts(hec).contains(k), "a repeat of a learned request is not a model-alone alert: " + k);
                }
            }

            assertTrue(Files.exists(file), "saved at stop");
            try (SiteBaseline b = SiteBaseline.load(file)) {
                SiteBaseline.KindSummary web = b.summary().kinds().stream().filter(k -> k.kind().equals("web"))
                        .findFirst().orElseThrow();
                // the warm-up, and the vetoed repeats; once warm, what the model alerts on is never learned
                assertTrue(web.warm() && web.learned() >= WARM_UP + 3 && web.learned() < BENIGN + 5,
                        "learned the warm-up: " + web);
                assertEquals(null, b.verifyChain());
            }

            // restart: the reloaded baseline is warm at once (a fresh one would let the repeat alert again)
            try (ConnectorService s = h.start(cfg, engines)) {
                int before = h.keys.size();
                produce(h, List.of(benign(5), sqlInjection()));
                h.awaitCommittedToEnd(Duration.ofSeconds(120));
                String repeat = h.keys.get(before);
                String attack = h.keys.get(before + 1);
                PipelineHarness.await(Duration.ofSeconds(30), () -> modelAlerts(hec).contains(attack),
                        () -> "the attack alerts after the restart: " + modelAlerts(hec));
                assertFalse(modelAlerts(hec).contains(repeat), "the reloaded baseline knows the request");
            }

            // a tampered file is refused at start with the key and the fix
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 1;
            Files.write(file, bytes);
            ConfigException e = assertThrows(ConfigException.class, () -> new ConnectorService(
                    CentinelaConfig.fromMap(cfg), engines, new PipelineStats()));
            assertTrue(e.getMessage().contains("baseline.path") && e.getMessage().contains("SHA-256")
                    && e.getMessage().contains("move"), e.getMessage());
        }
    }

    private static void produce(PipelineHarness h, List<byte[]> values) throws Exception {
        List<String> kinds = new ArrayList<>();
        values.forEach(v -> kinds.add("benign"));
        h.produce(values, kinds);
    }

    /** Origin keys of the delivered alerts the model took part in. */
    private static List<String> modelAlerts(HecTestServer hec) {
        List<String> out = new ArrayList<>();
        for (JsonNode env : hec.indexed()) {
            JsonNode ev = env.path("event");
            boolean model = false;
            for (JsonNode src : ev.path("detection_sources")) {
                model |= src.asText().equals("model");
            }
            if (model) {
                JsonNode o = ev.path("origin");
                out.add(o.path("topic").asText() + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong());
            }
        }
        return out;
    }
}
