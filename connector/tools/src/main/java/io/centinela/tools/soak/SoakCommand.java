package io.centinela.tools.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.centinela.cli.Inputs;
import io.centinela.config.CentinelaConfig;
import io.centinela.demo.EventGenerator;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.EngineFactory;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.testkit.HecTestServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code centinela bench soak}: the connector as a supervised child process ({@code run --config}, restarted when it
 * exits) over a paced generated stream with attacks and poison records, an in-process KRaft broker and HEC server,
 * and a seeded schedule of faults (HEC login page, redirect, 503 storm, code-6 refusals, slow answers, broker
 * restarts, kill -9). At the end every alert the engines expect must be indexed by HEC or dead-lettered, every
 * poison record dead-lettered, and every source partition committed to its end; the table says so, and the exit
 * code is 1 when anything was lost.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Soak: a supervised connector under random faults; prints produced / expected / delivered / duplicates / missing / DLQ / commits.")
public final class SoakCommand implements Callable<Integer> {

    static final String TOKEN = "50a4e2c1-7d3b-4f0e-9a61-3c8b5d2e1f00";
    static final String GROUP = "centinela-soak";
    static final int PARTITIONS = 3;
    private static final int MAX_EVENT_BYTES = 256 * 1024;

    @Option(names = "--minutes", defaultValue = "30", description = "Length of the run: production over the first 60 %%, faults in 10-80 %%, then drain (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--events", defaultValue = "1000000", description = "Events to produce (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--rate", description = "Events/s produced, paced (default: --events over 60 %% of --minutes).")
    Double rate;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the events and of the fault schedule (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--attack-rate", defaultValue = "0.01", description = "Attack scenarios per event (default ${DEFAULT-VALUE}).")
    double attackRate;

    @Option(names = "--poison-every", defaultValue = "5000", description = "One poison record (bad JSON) every N events (default ${DEFAULT-VALUE}).")
    int poisonEvery;

    @Option(names = "--restart-sec", defaultValue = "2", description = "Pause before the connector is restarted, as systemd's RestartSec (default ${DEFAULT-VALUE}).")
    double restartSec;

    @Option(names = "--drain-minutes", defaultValue = "10", description = "How long to wait past --minutes for the commits to reach the end (default ${DEFAULT-VALUE}).")
    double drainMinutes;

    @Option(names = "--sigma-dir", description = "Sigma rule folder(s) on top of the built-in rules; repeatable.")
    List<Path> sigmaDirs = new ArrayList<>();

    @Option(names = "--work-dir", description = "Where the broker log, the config and connector.log go (default: a temp directory, kept).")
    Path workDir;

    @Option(names = "--out", description = "Also write the summary as JSON here.")
    Path out;

    private final PrintStream live = System.err;
    private final long t0 = System.currentTimeMillis();
    /** When the run proper starts (broker and HEC up): the fault schedule, the deadline and the wall time count from here. */
    private long runStart;

    @Override
    public Integer call() throws Exception {
        // planned broker restarts make this JVM's producer, admin and reader clients warn on every reconnect (each
        // logger reads its level when created: before the first Kafka client); the verdict comes from the data
        if (System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.clients", "error");
        }
        Inputs.requireExisting("Sigma rule folder", sigmaDirs);
        if (minutes <= 0 || events <= 0 || poisonEvery <= 0) {
            System.err.println("centinela bench soak: --minutes, --events and --poison-every must be positive");
            return 2;
        }
        long runMillis = (long) (minutes * 60_000);
        double produceRate = rate != null ? rate : events / (runMillis * 0.6 / 1000.0);
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("centinela-soak-");
        List<String> topics = EventGenerator.TOPICS.stream().map(t -> "soak-" + t).toList();
        Map<String, AtomicLong> deliveries = new ConcurrentHashMap<>();
        Map<String, String> deliveredAt = new ConcurrentHashMap<>(); // alert id -> its origin and signature
        AtomicLong otherObjects = new AtomicLong();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(Files.createDirectories(dir.resolve("kafka"))).start();
             HecTestServer hec = new HecTestServer(TOKEN, false, false)) {
            for (String t : topics) {
                broker.createTopics(PARTITIONS, t, t + ".dlq");
            }
            hec.onIndexed(n -> {
                // the connector's heartbeats (sourcetype centinela:heartbeat) go to the same HEC: not alerts
                JsonNode id = n.path("fields").path("alert_id");
                if (!id.isTextual()) {
                    otherObjects.incrementAndGet();
                    return;
                }
                deliveries.computeIfAbsent(id.asText(), k -> new AtomicLong()).incrementAndGet();
                JsonNode o = n.path("event").path("origin");
                deliveredAt.putIfAbsent(id.asText(), o.path("topic").asText() + "/" + o.path("partition").asText()
                        + "/" + o.path("offset").asText() + " " + n.path("fields").path("signature").asText());
            });
            Map<String, Object> cfg = connectorConfig(broker, hec, topics);
            Path cfgFile = dir.resolve("centinela-soak.yaml"); // JSON is YAML
            Files.writeString(cfgFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(cfg));
            CentinelaConfig config = CentinelaConfig.load(cfgFile);
            FaultSchedule schedule = FaultSchedule.draw(seed, runMillis, FaultInjector.CODE6_MARKERS.size());
            say(String.format(Locale.ROOT, "soak: %,d events at %,.0f/s over %.1f min, %d faults, work dir %s (connector.log)",
                    events, produceRate, minutes, schedule.windows().size(), dir));

            SupervisedConnector connector = new SupervisedConnector(SupervisedConnector.servingClassPath(), cfgFile,
                    dir.resolve("connector.log"), (long) (restartSec * 1000));
            Producer producer = new Producer(broker.bootstrapServers(), produceRate);
            Thread producing = new Thread(producer, "soak-producer");
            runStart = System.currentTimeMillis();
            FaultInjector injector = new FaultInjector(schedule, runStart, hec, broker, connector, this::say);
            Thread injecting = new Thread(injector, "soak-faults");
            Map<String, Boolean> committedAtEnd;
            try (connector) {
                connector.start();
                producing.start();
                injecting.start();
                boolean drained = awaitDrained(broker, topics, producing, injecting, connector, deliveries, injector,
                        producer, runMillis + (long) (drainMinutes * 60_000));
                if (!drained) {
                    say("soak: commits did not reach the end offsets in time");
                }
                producing.join(60_000);
                injecting.interrupt();
                injecting.join(60_000);
                connector.stop(120_000);
            }
            committedAtEnd = committedEqualsEnd(broker, topics);
            double wallSeconds = (System.currentTimeMillis() - runStart) / 1000.0;

            say("soak: reading the dead-letter topics and computing the expected alerts...");
            Map<String, Long> dlqByReason = new TreeMap<>();
            Map<String, String> dlqOrigins = new HashMap<>(); // origin -> error class
            long[] dlqRecords = {0};
            TopicReader.readAll(broker.bootstrapServers(), topics.stream().map(t -> t + ".dlq").toList(), r -> {
                dlqRecords[0]++;
                String cls = header(r, "centinela.error.class");
                dlqByReason.merge(cls, 1L, Long::sum);
                dlqOrigins.put(header(r, "centinela.origin.topic") + "/" + header(r, "centinela.origin.partition") + "/"
                        + header(r, "centinela.origin.offset"), cls);
            });
            SoakExpectation expected;
            try (AnalysisEngines engines = EngineFactory.create(EngineFactory.Spec.from(config))) {
                expected = SoakExpectation.compute(broker.bootstrapServers(), topics, engines, MAX_EVENT_BYTES);
            }
            Result res = Result.of(expected, deliveries, deliveredAt, otherObjects.get(), dlqOrigins, dlqByReason,
                    dlqRecords[0], committedAtEnd, producer, connector, injector, hec, wallSeconds);
            res.print(System.out, this);
            if (out != null) {
                Files.writeString(out, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(res.json(this)));
            }
            return res.ok() ? 0 : 1;
        }
    }

    private Map<String, Object> connectorConfig(EmbeddedKafkaBroker broker, HecTestServer hec, List<String> topics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", broker.bootstrapServers());
        m.put("kafka.group.id", GROUP);
        Map<String, String> t = new LinkedHashMap<>();
        topics.forEach(x -> t.put(x, "auto"));
        m.put("kafka.topics", t);
        m.put("kafka.max.poll.records", 500);
        m.put("kafka.commit.interval.ms", 1000);
        m.put("kafka.startup.timeout.ms", 30000);
        // a killed member's partitions move on after 10 s, not the 45 s default
        m.put("kafka.properties", Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "2000"));
        m.put("pipeline.workers", 2);
        m.put("pipeline.event.max.bytes", MAX_EVENT_BYTES);
        m.put("rules.sigma.dirs", sigmaDirs.stream().map(Path::toString).toList());
        m.put("model.enabled", false); // rules only: 1M events through the model do not fit a soak on 2 cores
        m.put("hec.urls", List.of(hec.uri().toString()));
        m.put("hec.token", TOKEN);
        m.put("hec.allow.plaintext", true); // the in-process HEC server speaks http on 127.0.0.1
        m.put("hec.batch.max.events", 200);
        m.put("hec.batch.linger.ms", 50);
        m.put("hec.timeout.ms", 10000);
        m.put("hec.backoff.initial.ms", 100);
        m.put("hec.backoff.max.ms", 2000);
        m.put("hec.health.check.ms", 500);
        m.put("heartbeat.interval.ms", 60000);
        return m;
    }

    /** Waits until production and faults are over and every source partition is committed to its end. */
    private boolean awaitDrained(EmbeddedKafkaBroker broker, List<String> topics, Thread producing, Thread injecting,
                                 SupervisedConnector connector, Map<String, AtomicLong> deliveries,
                                 FaultInjector injector, Producer producer, long deadlineMillis) throws InterruptedException {
        long every = Math.max(5_000, Math.min(30_000, deadlineMillis / 60));
        long nextLine = runStart + every;
        while (System.currentTimeMillis() - runStart < deadlineMillis) {
            Thread.sleep(1000);
            if (System.currentTimeMillis() >= nextLine) {
                nextLine += every;
                var f = injector.current;
                say(String.format(Locale.ROOT, "  %6.0fs  produced %,10d  delivered %,8d  connector %s, restarts %d%s",
                        (System.currentTimeMillis() - runStart) / 1000.0, producer.produced.get(), deliveries.size(),
                        connector.running() ? "up" : "down", Math.max(0, connector.starts() - 1),
                        f == null ? "" : "  fault: " + f.label));
            }
            if (producing.isAlive() || injecting.isAlive() || !broker.running()) {
                continue;
            }
            try {
                if (!committedEqualsEnd(broker, topics).containsValue(false)) {
                    return true;
                }
            } catch (Exception e) {
                // broker busy: try again
            }
        }
        return false;
    }

    /** Per source topic: is every partition's committed offset of the connector's group its end offset? */
    static Map<String, Boolean> committedEqualsEnd(EmbeddedKafkaBroker broker, List<String> topics) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (String t : topics) {
                for (int p = 0; p < PARTITIONS; p++) {
                    req.put(new TopicPartition(t, p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, i) -> end.put(tp, i.offset()));
            Map<TopicPartition, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                    .forEach((tp, om) -> committed.put(tp, om == null ? 0L : om.offset()));
            Map<String, Boolean> out = new TreeMap<>();
            end.forEach((tp, e) -> out.merge(tp.topic(), committed.getOrDefault(tp, 0L).equals(e), Boolean::logicalAnd));
            return out;
        }
    }

    private static String header(org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void say(String line) {
        live.printf(Locale.ROOT, "[%7.1fs] %s%n", (System.currentTimeMillis() - t0) / 1000.0, line);
    }

    /**
     * The paced producer: the generator's events (3 topics, round-robin partitions) with a poison record (bad JSON)
     * every {@code poisonEvery}; idempotent, acks=all, retried through broker restarts. Counts what the broker acked.
     */
    final class Producer implements Runnable {
        private final String bootstrap;
        private final double rate;
        final AtomicLong produced = new AtomicLong();
        final AtomicLong poison = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Exception> firstError = new AtomicReference<>();

        Producer(String bootstrap, double rate) {
            this.bootstrap = bootstrap;
            this.rate = rate;
        }

        @Override
        public void run() {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000);
            EventGenerator gen = new EventGenerator(seed);
            long start = System.nanoTime();
            try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                int i = 0;
                while (i < events) {
                    for (EventGenerator.Generated g : gen.generate(Math.min(1000, events - i), attackRate)) {
                        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        boolean bad = i % poisonEvery == poisonEvery / 2;
                        byte[] value = bad ? ("{\"EventID\":1, \"soak-poison\": " + i + " broken json")
                                .getBytes(StandardCharsets.UTF_8) : g.value();
                        producer.send(new ProducerRecord<>("soak-" + g.topic(), i % PARTITIONS, null, value), (md, ex) -> {
                            if (ex == null) {
                                produced.incrementAndGet();
                                if (bad) {
                                    poison.incrementAndGet();
                                }
                            } else {
                                failed.incrementAndGet();
                                firstError.compareAndSet(null, ex);
                            }
                        });
                        i++;
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The figures and the verdict. */
    record Result(long produced, long producedFailed, long poisonProduced, long expectedAlerts, long delivered,
                  long duplicates, long unexpected, long missing, long dlqAlerts, long dlqRecords, long dlqDistinct,
                  Map<String, Long> dlqByReason, long poisonMissing, Map<String, Boolean> committedEqualsEnd,
                  Map<String, Integer> exits, Map<String, String> faults, double wallSeconds, long hecRequests,
                  long readBack, long otherObjects, List<String> unexpectedSample) {

        static Result of(SoakExpectation exp, Map<String, AtomicLong> deliveries, Map<String, String> deliveredAt,
                         long otherObjects, Map<String, String> dlqOrigins,
                         Map<String, Long> dlqByReason, long dlqRecords, Map<String, Boolean> committed,
                         Producer producer, SupervisedConnector connector, FaultInjector injector,
                         HecTestServer hec, double wall) {
            Set<String> expectedIds = new HashSet<>(exp.alerts().values());
            long duplicates = deliveries.values().stream().mapToLong(a -> a.get() - 1).sum();
            long unexpected = deliveries.keySet().stream().filter(id -> !expectedIds.contains(id)).count();
            // what an unexpected alert is: its origin, signature, and what the engines expect at that origin
            List<String> unexpectedSample = deliveries.keySet().stream().filter(id -> !expectedIds.contains(id)).limit(5)
                    .map(id -> {
                        String at = deliveredAt.getOrDefault(id, "? ?");
                        String origin = at.substring(0, at.indexOf(' '));
                        return id + " at " + at + "; expected there: " + exp.alerts().getOrDefault(origin, "no alert");
                    }).toList();
            Set<String> dlqAlertIds = new HashSet<>();
            exp.alerts().forEach((origin, id) -> {
                if (dlqOrigins.containsKey(origin)) {
                    dlqAlertIds.add(id);
                }
            });
            long missing = expectedIds.stream().filter(id -> !deliveries.containsKey(id) && !dlqAlertIds.contains(id))
                    .count();
            long poisonMissing = exp.rejects().keySet().stream().filter(o -> !dlqOrigins.containsKey(o)).count();
            Map<String, String> faults = new LinkedHashMap<>();
            for (FaultSchedule.Kind k : FaultSchedule.Kind.values()) {
                int n = injector.injected.getOrDefault(k, 0);
                long hits = injector.hits.getOrDefault(k, 0L);
                faults.put(k.label, n + switch (k) {
                    case HEC_200_HTML, HEC_301 -> " (" + hits + " requests answered so)";
                    case HEC_503 -> " (" + hits + " requests answered 503)";
                    case HEC_400_CODE6 -> " (" + hits + " alerts refused)";
                    case HEC_SLOW -> " (" + hits + " requests slowed)";
                    case BROKER_RESTART -> "";
                    case CONNECTOR_KILL9 -> " (" + hits + " with a connector running)";
                });
            }
            return new Result(producer.produced.get(), producer.failed.get(), producer.poison.get(), expectedIds.size(),
                    deliveries.size(), duplicates, unexpected, missing, dlqAlertIds.size(), dlqRecords, dlqOrigins.size(), dlqByReason,
                    poisonMissing, committed, connector.exits(), faults, wall, hec.requests(), exp.records(), otherObjects,
                    unexpectedSample);
        }

        boolean ok() {
            return missing == 0 && poisonMissing == 0 && producedFailed == 0 && unexpected == 0 && readBack == produced
                    && !committedEqualsEnd.containsValue(false) && !committedEqualsEnd.isEmpty();
        }

        void print(PrintStream out, SoakCommand c) {
            Map<String, String> rows = new LinkedHashMap<>();
            rows.put("events produced (acked by the broker)", String.format(Locale.ROOT, "%,d (%,d poison; %,d failed; %,d read back)",
                    produced, poisonProduced, producedFailed, readBack));
            rows.put("alerts expected (engines in-process)", String.format(Locale.ROOT, "%,d", expectedAlerts));
            rows.put("alerts delivered (distinct alert ids)", String.format(Locale.ROOT, "%,d", delivered));
            rows.put("duplicates (deliveries beyond the first)", String.format(Locale.ROOT, "%,d", duplicates));
            rows.put("alerts dead-lettered (HEC code 6)", String.format(Locale.ROOT, "%,d", dlqAlerts));
            rows.put("**missing** (expected, neither delivered nor in the DLQ)", String.format(Locale.ROOT, "**%,d**", missing));
            rows.put("unexpected (delivered, not expected)", String.format(Locale.ROOT, "%,d%s", unexpected,
                    unexpectedSample.isEmpty() ? "" : " e.g. " + unexpectedSample));
            rows.put("DLQ records (by error class)", String.format(Locale.ROOT, "%,d %s, %,d distinct source records", dlqRecords,
                    dlqByReason, dlqDistinct));
            rows.put("poison records not in the DLQ", String.format(Locale.ROOT, "%,d", poisonMissing));
            StringBuilder ce = new StringBuilder();
            committedEqualsEnd.forEach((t, ok) -> ce.append(ce.length() == 0 ? "" : ", ").append(t).append(ok ? " yes" : " **NO**"));
            rows.put("committed == end offsets", ce.toString());
            int restarts = exits.entrySet().stream().filter(e -> !e.getKey().startsWith("SIGTERM")).mapToInt(Map.Entry::getValue).sum();
            rows.put("connector restarts (by cause)", restarts + " " + exits);
            faults.forEach((k, v) -> rows.put("fault: " + k, v));
            rows.put("HEC requests", String.format(Locale.ROOT, "%,d (and %,d heartbeats indexed)", hecRequests, otherObjects));
            rows.put("wall time", String.format(Locale.ROOT, "%.1f min", wallSeconds / 60));
            out.printf("%n| soak | |%n|---|---|%n");
            rows.forEach((k, v) -> out.println("| " + k + " | " + v + " |"));
            out.printf(Locale.ROOT, "%nverdict: %s%nmachine: %d cores, load average %.1f at the end; seed %d, %.1f min, %,d events"
                            + " (attack rate %s, poison every %d), rules only (built-in Sigma + YARA%s), connector a child JVM"
                            + " restarted after %.1f s%n",
                    ok() ? "OK (nothing lost, every partition committed to its end)" : "FAILED",
                    Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    c.seed, c.minutes, c.events, c.attackRate, c.poisonEvery,
                    c.sigmaDirs.isEmpty() ? "" : " + " + c.sigmaDirs, c.restartSec);
        }

        Map<String, Object> json(SoakCommand c) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", ok());
            m.put("seed", c.seed);
            m.put("minutes", c.minutes);
            m.put("events", c.events);
            m.put("produced", produced);
            m.put("produced_failed", producedFailed);
            m.put("poison_produced", poisonProduced);
            m.put("read_back", readBack);
            m.put("alerts_expected", expectedAlerts);
            m.put("delivered_distinct", delivered);
            m.put("duplicates", duplicates);
            m.put("dlq_alerts", dlqAlerts);
            m.put("missing", missing);
            m.put("unexpected", unexpected);
            m.put("unexpected_sample", unexpectedSample);
            m.put("heartbeats", otherObjects);
            m.put("dlq_records", dlqRecords);
            m.put("dlq_distinct", dlqDistinct);
            m.put("dlq_by_reason", dlqByReason);
            m.put("poison_missing", poisonMissing);
            m.put("committed_equals_end", committedEqualsEnd);
            m.put("exits", exits);
            m.put("faults", faults);
            m.put("hec_requests", hecRequests);
            m.put("wall_seconds", wallSeconds);
            m.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return m;
        }
    }
}
