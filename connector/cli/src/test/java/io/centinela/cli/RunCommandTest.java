package io.centinela.cli;

import io.centinela.testkit.HecTestServer;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.kafka.PipelineHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code centinela run} as a real process: it consumes, delivers, and on SIGTERM drains, commits and exits 0. */
class RunCommandTest {

    @Test
    void runDeliversAndShutsDownGracefullyOnSigterm(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            h.produceMix(1000, true);
            Path cfg = dir.resolve("centinela.yaml");
            Files.writeString(cfg, String.join("\n",
                    "kafka:",
                    "  bootstrap.servers: " + broker.bootstrapServers(),
                    "  group.id: " + h.group,
                    "  topics: {" + h.topic + ": auto}",
                    "model.enabled: false",
                    "hec:",
                    "  urls: [" + hec.uri() + "]",
                    "  token: ${TEST_HEC_TOKEN}",
                    "  allow.plaintext: true",
                    "metrics.log.interval.ms: 200",
                    ""));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), CentinelaCli.class.getName(),
                    "run", "--config", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
            pb.environment().put("TEST_HEC_TOKEN", PipelineHarness.TOKEN);
            Process p = pb.start();
            try {
                h.awaitCommittedToEnd(Duration.ofSeconds(90));
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after SIGTERM");
            } finally {
                p.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("run.log"));
            // the JVM reports 128+15 after a SIGTERM even when the shutdown hook drained and committed
            assertTrue(p.exitValue() == 143 || p.exitValue() == 0, "exit " + p.exitValue() + "\n" + log);
            assertTrue(log.contains("connector stopped: 1000 events"), log);
            assertTrue(!log.contains(PipelineHarness.TOKEN), "the token is never logged");
            assertEquals(h.endOffsets(), h.committed());
            assertTrue(PipelineHarness.deliveredOrigins(hec).size() > 0, "alerts from the project's rules reached HEC");
            assertEquals(h.expectedDlq.size(), h.dlqRecords().size(), "poison records dead-lettered");
            assertTrue(log.contains("is plain HTTP (allowed by hec.allow.plaintext)"), "plain HTTP is warned:\n" + log);
            long metricsLines = log.lines().filter(l -> l.contains("MetricsLog - metrics: events ")).count();
            assertTrue(metricsLines >= 2, "metrics.log.interval.ms 200 logs a line every 200 ms:\n" + log);
        }
    }

    @Test
    void aConfigErrorFoundWhileBuildingTheServiceIsExit2AtStart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            PipelineHarness h = new PipelineHarness(broker, 1);
            Path cfg = dir.resolve("centinela.yaml");
            Files.writeString(cfg, String.join("\n",
                    "kafka:",
                    "  bootstrap.servers: " + broker.bootstrapServers(),
                    "  topics: {" + h.topic + ": auto}",
                    "rules.builtin: false",
                    "model.enabled: false",
                    "pipeline:",
                    "  scoring.policy: kinds",
                    "  scoring.kinds: [windwos]",
                    ""));
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), CentinelaCli.class.getName(),
                    "run", "--config", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
            try {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits by itself");
            } finally {
                p.destroyForcibly();
            }
            String log = Files.readString(dir.resolve("run.log"));
            assertEquals(2, p.exitValue(), log);
            assertTrue(log.contains("bad value for 'pipeline.scoring.kinds': unknown event kind 'windwos'"), log);
            assertTrue(!log.contains("starting: brokers"), "the poll loop never started:\n" + log);
        }
    }
}
