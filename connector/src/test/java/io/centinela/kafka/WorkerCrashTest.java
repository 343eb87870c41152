package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.StandInRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.centinela.kafka.PipelineHarness.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A connector child process killed with SIGKILL mid-batch; a successor finishes with nothing lost. */
class WorkerCrashTest {

    @Test
    void killMinus9MidBatchLosesNothing(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             HecTestServer hec = new HecTestServer(PipelineHarness.TOKEN)) {
            PipelineHarness h = new PipelineHarness(broker, 2);
            h.produceMix(3000, true);
            hec.delayMillis(150); // keep batches in flight: 300 alerts need ~15 requests of 150 ms
            Path cfg = dir.resolve("child.yaml");
            Files.writeString(cfg, String.join("\n",
                    "kafka:",
                    "  bootstrap.servers: " + broker.bootstrapServers(),
                    "  group.id: " + h.group,
                    "  topics: {" + h.topic + ": auto}",
                    "  max.poll.records: 500",
                    "  commit.interval.ms: 200",
                    "  properties: {session.timeout.ms: 6000, max.poll.interval.ms: 10000, heartbeat.interval.ms: 1000}",
                    "pipeline: {workers: 2, chunk.events: 100, max.inflight.events: 1000}",
                    "hec:",
                    "  urls: [" + hec.uri() + "]",
                    "  token: " + PipelineHarness.TOKEN,
                    "  allow.plaintext: true",
                    "  batch.max.events: 20",
                    "  batch.linger.ms: 10",
                    "  backoff.initial.ms: 20",
                    "  backoff.max.ms: 300",
                    ""));
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), ChildConnector.class.getName(), cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
            try {
                await(Duration.ofSeconds(60), () -> hec.indexedCount() >= 40, () -> "child made no progress: "
                        + readQuietly(dir.resolve("child.log")));
                child.destroyForcibly(); // SIGKILL: no drain, no commit, no shutdown hook
                assertTrue(child.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
            }
            long before = hec.indexedCount();
            assertTrue(before < h.expectedAlerts.size(), "killed mid-stream: " + before);
            // what the dead process had in flight = every record past its last commit
            Map<org.apache.kafka.common.TopicPartition, Long> committedAtKill = h.committed();
            long uncommittedAlerts = h.expectedAlerts.stream().filter(k -> {
                String[] parts = k.split("/");
                long at = committedAtKill.getOrDefault(new org.apache.kafka.common.TopicPartition(parts[0],
                        Integer.parseInt(parts[1])), 0L);
                return Long.parseLong(parts[2]) >= at;
            }).count();
            hec.delayMillis(0);
            Map<String, Object> c = h.config(hec);
            c.put("kafka.properties", Map.of("session.timeout.ms", "6000", "max.poll.interval.ms", "10000"));
            try (ConnectorService s = h.start(c, StandInRules.engines())) {
                // duplicates bounded by what the dead process had in flight (alerts of records past its last commit)
                h.assertInvariants(hec, Set.of(), uncommittedAlerts);
            }
        }
    }

    private static String readQuietly(Path p) {
        try {
            List<String> lines = Files.readAllLines(p);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
