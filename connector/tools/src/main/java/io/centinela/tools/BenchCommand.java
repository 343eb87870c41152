package io.centinela.tools;

import io.centinela.cli.Inputs;
import io.centinela.alert.Alert;
import io.centinela.config.CentinelaConfig;
import io.centinela.secret.Secret;
import io.centinela.demo.DemoRun;
import io.centinela.demo.EventGenerator;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.hec.HecClient;
import io.centinela.hec.HecConfig;
import io.centinela.alert.HecEnvelope;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.testkit.HecTestServer;
import io.centinela.kafka.ConnectorService;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.pipeline.PipelineStats;
import io.centinela.sigma.SigmaMatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static io.centinela.config.CentinelaConfig.HEARTBEAT_INTERVAL_MS;
import static io.centinela.config.CentinelaConfig.HEC_ALLOW_PLAINTEXT;
import static io.centinela.config.CentinelaConfig.HEC_TOKEN;
import static io.centinela.config.CentinelaConfig.HEC_URLS;
import static io.centinela.config.CentinelaConfig.KAFKA_BOOTSTRAP_SERVERS;
import static io.centinela.config.CentinelaConfig.KAFKA_GROUP_ID;
import static io.centinela.config.CentinelaConfig.KAFKA_MAX_POLL_RECORDS;
import static io.centinela.config.CentinelaConfig.KAFKA_TOPICS;

/** {@code centinela bench pipeline|hec}: throughput and latency on this machine, printed as a table. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (print a table).",
        subcommands = {BenchCommand.Pipeline.class, BenchCommand.Hec.class, BenchModelCommand.class, BenchTemplatesCommand.class, RiskBenchCommand.class,
                io.centinela.tools.soak.SoakCommand.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Kafka -> analysis -> loopback HEC, rules only and rules + model; then paced p50/p99 latency. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "Events/s from Kafka to a loopback HEC (rules only, rules + model) and p50/p99 latency.")
    public static final class Pipeline implements Callable<Integer> {

        @Option(names = "--events", defaultValue = "100000", description = "Backlog to drain (default ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--sigma-dir", description = "Sigma rule folder(s), e.g. ../shared/data/sigma/rules; repeatable.")
        List<Path> sigmaDirs = new ArrayList<>();

        @Option(names = "--yara-dir", description = "YARA rule folder(s); repeatable.")
        List<Path> yaraDirs = new ArrayList<>();

        @Option(names = "--rate", defaultValue = "2000", description = "Paced rate for the latency phase, events/s (default ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--latency-seconds", defaultValue = "10", description = "Length of the latency phase (default ${DEFAULT-VALUE}).")
        int latencySeconds;

        @Option(names = "--model-events", defaultValue = "5000", description = "Backlog for the rules + model run (default ${DEFAULT-VALUE}).")
        int modelEvents;

        // `all` is the service's default too: every event goes to the model (template-cache hits count as scored)
        @Option(names = "--scoring", defaultValue = "all",
                description = "pipeline.scoring.policy of the rules + model run: all, kinds, rule-hits-first, none (default ${DEFAULT-VALUE}).")
        String scoring;

        @Option(names = "--scoring-budget", defaultValue = "256",
                description = "pipeline.scoring.budget of the rules + model run (default ${DEFAULT-VALUE}).")
        int scoringBudget;

        @Option(names = "--stream", defaultValue = "demo",
                description = "What the rules + model run replays: demo (the generator) or mordor (../shared/data/windows-logs, event-time order) (default ${DEFAULT-VALUE}).")
        String stream;

        @Option(names = "--windows-logs", defaultValue = "../shared/data/windows-logs",
                description = "Mordor archives folder for --stream mordor (default ${DEFAULT-VALUE}).")
        Path windowsLogs;

        @Option(names = "--model-rate", defaultValue = "0",
                description = "Paced rate (events/s) for a latency phase of the rules + model run; 0 = none (default ${DEFAULT-VALUE}).")
        int modelRate;

        @Option(names = "--model", description = "Model package folder (default: the configured/shipped one).")
        Path modelDir;

        @Override
        public Integer call() throws Exception {
            Inputs.requireExisting("Sigma rule folder", sigmaDirs);
            Inputs.requireExisting("YARA rule folder", yaraDirs);
            List<String[]> rows = new ArrayList<>();
            try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
                 HecTestServer hec = new HecTestServer("bench-token", false, false)) {
                AnalysisEngines rules = EngineFactory.create(new EngineFactory.Spec(true, sigmaDirs, yaraDirs, false, null));
                if (events > 0) {
                    rows.add(run(broker, hec, "rules only", rules, generated(7, events), generated(8, rate * latencySeconds), rate, Map.of()));
                }
                rules.close();
                AnalysisEngines withModel = EngineFactory.create(new EngineFactory.Spec(true, sigmaDirs, yaraDirs, true, modelDir));
                if (withModel.model() == null) {
                    rows.add(new String[] {"rules + model", "-", "-", "-", "-", "-", "-", "-", "-", "-", "no model package (see docs/connector.md)"});
                    withModel.close();
                } else {
                    List<byte[][]> backlog;
                    List<byte[][]> paced;
                    if ("mordor".equals(stream)) {
                        List<byte[]> replay = io.centinela.bench.MordorReplay.read(windowsLogs, modelEvents + modelRate * latencySeconds);
                        backlog = sysmon(replay.subList(0, Math.min(modelEvents, replay.size())));
                        paced = sysmon(replay.subList(Math.min(modelEvents, replay.size()), replay.size()));
                    } else if ("demo".equals(stream)) {
                        backlog = generated(7, modelEvents);
                        paced = generated(8, modelRate * latencySeconds);
                    } else {
                        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                                "--stream must be demo or mordor, not " + stream);
                    }
                    rows.add(run(broker, hec, "rules + model, scoring " + scoring + ", " + stream, withModel, backlog,
                            paced, modelRate, Map.of(io.centinela.config.CentinelaConfig.PIPELINE_SCORING_POLICY, scoring,
                                    io.centinela.config.CentinelaConfig.PIPELINE_SCORING_BUDGET, scoringBudget)));
                    withModel.close();
                }
            }
            System.out.printf("%n| run | rules | events | events/s | events per CPU-s | p50 ms | p99 ms | scored | shed | cache hit rate | note |%n|---|---|---|---|---|---|---|---|---|---|---|%n");
            for (String[] r : rows) {
                System.out.println("| " + String.join(" | ", r) + " |");
            }
            System.out.printf(Locale.ROOT, "%nmachine: %d cores, load average %.1f, Java %s; broker, connector and loopback HEC (gzip) in one JVM;"
                    + " CPU-s = this JVM's CPU time; latency = record timestamp -> done, paced at %d events/s (rules only) / --model-rate (model row)%n",
                    Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage(), System.getProperty("java.version"), rate);
            return 0;
        }

        /** {topic, value} pairs from the demo generator. */
        private static List<byte[][]> generated(long seed, int n) {
            List<byte[][]> out = new ArrayList<>(n);
            for (EventGenerator.Generated g : new EventGenerator(seed).generate(n, 0.002)) {
                out.add(new byte[][] {g.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8), g.value()});
            }
            return out;
        }

        /** Replayed Windows documents, all to the Sysmon topic (format auto). */
        private static List<byte[][]> sysmon(List<byte[]> docs) {
            byte[] topic = EventGenerator.SYSMON.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return docs.stream().map(d -> new byte[][] {topic, d}).toList();
        }

        /**
         * Drains {@code backlog} for events/s, then (when {@code rate} > 0 and {@code paced} is not empty) sends
         * {@code paced} at {@code rate} events/s for p50/p99 latency; scored, shed and the template cache's hit
         * rate are over both phases.
         */
        private String[] run(EmbeddedKafkaBroker broker, HecTestServer hec, String name, AnalysisEngines engines,
                             List<byte[][]> backlog, List<byte[][]> paced, int rate, Map<String, Object> extra) throws Exception {
            int n = backlog.size();
            boolean latency = rate > 0 && !paced.isEmpty();
            String suffix = name.replaceAll("[^A-Za-z0-9]+", "-");
            Map<String, String> topics = new LinkedHashMap<>();
            for (String t : EventGenerator.TOPICS) {
                broker.createTopics(3, t + "-" + suffix, t + "-" + suffix + ".dlq");
                topics.put(t + "-" + suffix, "auto");
            }
            produce(broker, backlog, suffix, 0);
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put(KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
            cfg.put(KAFKA_GROUP_ID, "bench-" + suffix);
            cfg.put(KAFKA_TOPICS, topics);
            cfg.put(KAFKA_MAX_POLL_RECORDS, 5000);
            cfg.put(HEC_URLS, List.of(hec.uri().toString()));
            cfg.put(HEC_TOKEN, "bench-token");
            cfg.put(HEC_ALLOW_PLAINTEXT, true); // the in-JVM HEC server speaks http
            cfg.put(HEARTBEAT_INTERVAL_MS, 60000L);
            cfg.putAll(extra);
            CentinelaConfig config = CentinelaConfig.fromMap(cfg);
            PipelineStats stats = new PipelineStats();
            io.centinela.model.serve.ScoreCache cache = engines.model() instanceof io.centinela.model.serve.ClassifierScorer cs
                    ? cs.cache() : null;
            long hits0 = cache == null ? 0 : cache.hits();
            long misses0 = cache == null ? 0 : cache.misses();
            try (ConnectorService s = new ConnectorService(config, engines, stats)) {
                s.preflight();
                s.start();
                Map<TopicPartition, Long> end = DemoRun.endOffsets(broker, config);
                long t0 = 0;
                long cpu0 = 0;
                while (!committed(broker, config).equals(end)) {
                    if (t0 == 0 && stats.events.sum() > 0) {
                        t0 = System.nanoTime();
                        cpu0 = cpuNanos();
                    }
                    Thread.sleep(100);
                    if (s.await(Duration.ofMillis(1)) != null) {
                        throw new IllegalStateException("connector failed", s.await(Duration.ofMillis(1)));
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double cpuSecs = (cpuNanos() - cpu0) / 1e9;
                long p50 = -1;
                long p99 = -1;
                if (latency) {
                    stats.latency.reset();
                    produce(broker, paced, suffix, rate);
                    Map<TopicPartition, Long> end2 = DemoRun.endOffsets(broker, config);
                    while (!committed(broker, config).equals(end2)) {
                        Thread.sleep(100);
                    }
                    p50 = stats.latency.percentile(50);
                    p99 = stats.latency.percentile(99);
                }
                s.stop();
                s.await(Duration.ofSeconds(30));
                admin.close();
                admin = null;
                long hits = cache == null ? 0 : cache.hits() - hits0;
                long lookups = hits + (cache == null ? 0 : cache.misses() - misses0);
                return new String[] {name, String.valueOf(engines.rulesLoaded()), String.format(Locale.ROOT, "%,d", n),
                        String.format(Locale.ROOT, "%,.0f", n / secs), String.format(Locale.ROOT, "%,.0f", n / cpuSecs), p50 < 0 ? "-" : String.valueOf(p50),
                        p99 < 0 ? "-" : String.valueOf(p99), String.format(Locale.ROOT, "%,d", stats.scored.sum()),
                        String.format(Locale.ROOT, "%,d", stats.shed.sum()),
                        cache == null ? "-" : String.format(Locale.ROOT, "%.3f", lookups == 0 ? 0.0 : (double) hits / lookups),
                        "alerts " + stats.alerts.sum() + (latency ? ", latency at " + rate + " events/s" : "")};
            }
        }

        static long cpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
        }

        private Admin admin;

        private Map<TopicPartition, Long> committed(EmbeddedKafkaBroker broker, CentinelaConfig config) throws Exception {
            if (admin == null) {
                admin = Admin.create(broker.clientProperties());
            }
            {
                Map<TopicPartition, Long> out = new HashMap<>();
                admin.listConsumerGroupOffsets(config.string(KAFKA_GROUP_ID)).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS).forEach((tp, om) -> {
                            if (om != null && om.offset() > 0) {
                                out.put(tp, om.offset());
                            }
                        });
                return out;
            }
        }

        /** Produces to the suffixed topics; {@code rate} > 0 paces the sends (events/s). */
        private static void produce(EmbeddedKafkaBroker broker, List<byte[][]> stream, String suffix,
                                    int rate) throws Exception {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, rate > 0 ? 0 : 10);
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
                long start = System.nanoTime();
                int i = 0;
                for (byte[][] g : stream) {
                    if (rate > 0) {
                        long due = start + (long) (i * 1e9 / rate);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                    String topic = new String(g[0], java.nio.charset.StandardCharsets.UTF_8);
                    fs.add(producer.send(new ProducerRecord<>(topic + "-" + suffix, i++ % 3, null, g[1])));
                }
                for (var f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** The HEC client alone: alerts/s to the loopback in-JVM HEC, gzip on and off. */
    @Command(name = "hec", mixinStandardHelpOptions = true, description = "HEC client alerts/s to a loopback HEC.")
    public static final class Hec implements Callable<Integer> {

        @Option(names = "--alerts", defaultValue = "200000", description = "Alerts per run (default ${DEFAULT-VALUE}).")
        int alerts;

        @Option(names = "--threads", defaultValue = "2", description = "Sender threads (default ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() throws Exception {
            List<byte[]> envelopes = sampleEnvelopes(alerts);
            long bytes = envelopes.stream().mapToLong(b -> b.length).sum();
            System.out.printf("%n| loopback HEC | gzip | alerts | bytes/alert | alerts/s | alerts per CPU-s | MB/s (uncompressed) |%n|---|---|---|---|---|---|---|%n");
            for (boolean countOnly : new boolean[] {false, true}) {
                for (boolean gzip : new boolean[] {true, false}) {
                    // warm-up, then the measured run
                    measure(envelopes.subList(0, Math.min(20000, envelopes.size())), gzip, countOnly);
                    long cpu0 = Pipeline.cpuNanos();
                    double secs = measure(envelopes, gzip, countOnly);
                    double cpu = (Pipeline.cpuNanos() - cpu0) / 1e9;
                    System.out.printf(Locale.ROOT, "| %s | %s | %,d | %d | %,.0f | %,.0f | %.1f |%n",
                            countOnly ? "gunzip + count only" : "validates every object", gzip ? "on" : "off", alerts,
                            bytes / alerts, alerts / secs, alerts / cpu, bytes / secs / 1e6);
                }
            }
            System.out.printf(Locale.ROOT, "%nmachine: %d cores, load average %.1f; %d sender threads, batches of 1000 alerts;"
                    + " the loopback HEC runs in the same JVM and its CPU counts%n",
                    Runtime.getRuntime().availableProcessors(), java.lang.management.ManagementFactory
                            .getOperatingSystemMXBean().getSystemLoadAverage(), threads);
            return 0;
        }

        private double measure(List<byte[]> envelopes, boolean gzip, boolean countOnly) throws Exception {
            try (HecTestServer hec = new HecTestServer("bench-token", false, false);
                 HecClient client = new HecClient(HecConfig.defaults(List.of(hec.uri()), Secret.of("bench-token"))
                         .withBatch(1000, 900_000, gzip))) {
                hec.countOnly(countOnly);
                int per = 1000;
                List<Thread> ts = new ArrayList<>();
                java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
                java.util.concurrent.atomic.AtomicReference<Exception> err = new java.util.concurrent.atomic.AtomicReference<>();
                long t0 = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    Thread th = new Thread(() -> {
                        int from;
                        while ((from = next.getAndAdd(per)) < envelopes.size()) {
                            try {
                                client.send(envelopes.subList(from, Math.min(envelopes.size(), from + per)));
                            } catch (Exception e) {
                                err.set(e);
                                return;
                            }
                        }
                    });
                    th.start();
                    ts.add(th);
                }
                for (Thread th : ts) {
                    th.join();
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                if (err.get() != null) {
                    throw err.get();
                }
                if (hec.indexedCount() != envelopes.size()) {
                    throw new IllegalStateException("HEC indexed " + hec.indexedCount() + " of " + envelopes.size());
                }
                return secs;
            }
        }

        /** Realistic alert envelopes: fused from generated attack events, each with its own origin and id. */
        static List<byte[]> sampleEnvelopes(int n) throws Exception {
            EventParser parser = new EventParser();
            AlertFusion fusion = new AlertFusion(FusionPolicy.defaults());
            HecEnvelope env = new HecEnvelope("bench-host", "centinela:sysmon", null);
            byte[] raw = new EventGenerator(1).generate(200, 1.0).get(0).value();
            SigmaMatch m = new SigmaMatch("3b6ab547-8ec2-4991-b9d2-2b06702a48d7", "HackTool - Mimikatz Execution", "high",
                    "test", List.of("attack.credential_access", "attack.t1003.001"), "Teymur Kheirkhabarov",
                    List.of("https://example.org"), List.of("selection_tools_name"), Map.of("CommandLine", "sekurlsa::logonpasswords"));
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                var ev = parser.parse(raw, new EventOrigin.Kafka("sysmon", i % 3, i, 1768467600000L + i));
                Alert a = fusion.fuse(ev, List.of(m), List.of(), null).orElseThrow();
                out.add(env.toJson(a).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return out;
        }
    }


}
