package io.centinela.tools;

import io.centinela.risk.Detection;
import io.centinela.risk.DetectionCodec;
import io.centinela.risk.KeyedStateStats;
import io.centinela.risk.RiskPolicy;
import io.centinela.risk.RiskStreams;
import io.centinela.risk.RiskStreamsConfig;
import io.centinela.risk.RiskTopology;
import io.centinela.testkit.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code centinela bench risk}: the detection-in-context topology (Kafka Streams, exactly-once, RocksDB stores with
 * changelogs) on the in-process broker with both branches, entity risk and the project's own Sigma logon
 * correlations: detections/s through it, state bytes per tracked entity scaled to 1M, and the latency a
 * correlation adds (detection produced -> correlation alert readable, read_committed, on the alert topic).
 */
@Command(name = "risk", mixinStandardHelpOptions = true,
        description = "Entity-risk topology on the embedded broker: detections/s and state bytes per 1M tracked entities.")
public final class RiskBenchCommand implements Callable<Integer> {

    @Option(names = "--detections", defaultValue = "100000", description = "Detections to publish (default ${DEFAULT-VALUE}).")
    int detections;

    @Option(names = "--entities", defaultValue = "50000", description = "Distinct hosts among them (default ${DEFAULT-VALUE}); users: a tenth.")
    int entities;

    @Option(names = "--partitions", defaultValue = "4", description = "By-entity partitions (default ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--correlation-sources", defaultValue = "5000", description = "Distinct source addresses of the failed logons the correlation branch counts (default ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--latency-detections", defaultValue = "2000", description = "Detections paced through the running topology for the latency figure, one spraying alert per 10 (default ${DEFAULT-VALUE}).")
    int latencyDetections;

    @Option(names = "--latency-rate", defaultValue = "200", description = "Their rate, detections/s (default ${DEFAULT-VALUE}).")
    int latencyRate;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("centinela-bench-risk-");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            broker.createTopics(1, "bench.detections");
            broker.createTopics(1, "bench.risk-alerts");
            String[] levels = {"informational", "low", "low", "medium", "high"};
            long t0 = 1_600_000_000_000L;
            int users = Math.max(1, entities / 10);
            long keyed = 0;
            long publishStart = System.nanoTime();
            Map<String, Object> pp = new HashMap<>(broker.clientProperties());
            pp.put(ProducerConfig.ACKS_CONFIG, "all");
            pp.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            CorrelationBench corr = CorrelationBench.load();
            long corrKeyed = 0;
            try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < detections; i++) {
                    String id = String.format(Locale.ROOT, "%032x", i);
                    Detection d = new Detection(id, t0 + i * 100L, "bench rule " + (i % 50),
                            List.of(new Detection.Rule("rule-" + (i % 50), "bench rule " + (i % 50), levels[i % levels.length])),
                            List.of(), null, null, List.of(i % 3 == 0 ? "execution" : "discovery"), List.of("T1059"), null,
                            "host-" + (i % entities), "CORP\\user" + (i % users), Map.of(), true, "events", 0, (long) i,
                            "evtx-json", "windows");
                    keyed += 2;
                    if (i % 2 == 0) { // half are failed logons the correlation rules count
                        d = d.withHits(corr.failedLogonHits("events", i, t0 + i * 100L, "user" + (i % 37),
                                "10.1." + (i % sources) / 256 + "." + (i % sources) % 256));
                        corrKeyed += corr.keys(d);
                    }
                    p.send(new ProducerRecord<>("bench.detections", id.getBytes(StandardCharsets.UTF_8), DetectionCodec.encode(d)));
                }
                p.flush();
            }
            double publishS = (System.nanoTime() - publishStart) / 1e9;
            Map<String, Object> client = new HashMap<>(broker.clientProperties());
            client.put("num.stream.threads", threads);
            RiskPolicy policy = RiskPolicy.defaults();
            long start = System.nanoTime();
            try (RiskStreams s = RiskStreams.start(client, new RiskStreamsConfig("bench-risk", "bench.detections",
                    "bench.risk-alerts", partitions, dir.resolve("state"), "exactly_once_v2"),
                    List.of(RiskTopology.risk(policy), corr.branch()))) {
                KeyedStateStats st = s.stats("risk");
                KeyedStateStats cst = s.stats("correlation");
                long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
                while ((st.detections() < keyed || cst.detections() < corrKeyed) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double s1 = (System.nanoTime() - start) / 1e9;
                long tracked = st.keys();
                long bytes = st.stateBytes();
                long disk = size(dir.resolve("state"));
                String row = "| %-38s | %14s |%n";
                System.out.printf(row, "measure", "value");
                System.out.printf(row, "-".repeat(38), "-".repeat(14));
                System.out.printf(row, "detections published (1 partition)", detections);
                System.out.printf(row, "publish rate (detections/s)", String.format(Locale.ROOT, "%.0f", detections / publishS));
                System.out.printf(row, "keyed copies (host + user)", keyed);
                System.out.printf(row, "topology wall time incl. start (s)", String.format(Locale.ROOT, "%.1f", s1));
                System.out.printf(row, "detections/s through the topology", String.format(Locale.ROOT, "%.0f", detections / s1));
                System.out.printf(row, "keyed records/s", String.format(Locale.ROOT, "%.0f", keyed / s1));
                System.out.printf(row, "tracked entities", tracked);
                System.out.printf(row, "state bytes (keys + values)", bytes);
                System.out.printf(row, "state bytes per entity", tracked == 0 ? "-" : String.valueOf(bytes / tracked));
                System.out.printf(row, "state bytes per 1M entities (MiB)", tracked == 0 ? "-"
                        : String.format(Locale.ROOT, "%.0f", bytes * 1_000_000.0 / tracked / (1 << 20)));
                System.out.printf(row, "local state dir on disk (MiB)", String.format(Locale.ROOT, "%.1f", disk / 1048576.0));
                System.out.printf(row, "risk alerts", st.alerts());
                System.out.printf(row, "late / evicted / capped", st.late() + " / " + st.evicted() + " / " + st.capped());
                System.out.printf(row, "correlation keyed copies", corrKeyed);
                System.out.printf(row, "correlation keys / state bytes", cst.keys() + " / " + cst.stateBytes());
                System.out.printf(row, "correlation alerts", cst.alerts());
                CorrelationBench.Latency lat = corr.latency(broker, "bench.detections", "bench.risk-alerts",
                        t0 + detections * 100L + 3_600_000L, latencyDetections, latencyRate);
                System.out.printf(row, "correlation latency p50 (ms)", lat.p50());
                System.out.printf(row, "correlation latency p99 (ms)", lat.p99());
                System.out.printf(row, "latency alerts measured", lat.n());
                System.out.printf("partitions %d, stream threads %d, exactly_once_v2 (commit interval 1 s), RocksDB stores "
                        + "with changelogs; events 100 ms apart, %d hosts, %d users; correlation: own logon rules, half the "
                        + "detections failed logons from %d sources; latency: %d detections at %d/s, produced -> "
                        + "spraying alert readable (read_committed)%n", partitions, threads, entities, users, sources,
                        latencyDetections, latencyRate);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return 0;
    }

    private static long size(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
