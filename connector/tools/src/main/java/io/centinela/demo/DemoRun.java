package io.centinela.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.config.CentinelaConfig;
import io.centinela.kafka.ConnectorService;
import io.centinela.testkit.EmbeddedKafkaBroker;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.PipelineStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.centinela.config.CentinelaConfig.KAFKA_GROUP_ID;

/**
 * The demo: a real KRaft broker in-process, the generated stream on three topics, the full connector over it, a
 * live summary and a final report. Also the core of the pipeline benchmark.
 */
public final class DemoRun {

    /** What the run produced. */
    public record Report(long events, long scored, long alerts, long deadLettered, double seconds, Map<String, Long> bySeverity,
                         Map<String, Long> bySource, Map<String, int[]> scenarios, long p50, long p99) {
    }

    private DemoRun() {
    }

    /** Produces the events; returns "topic/partition/offset" -> scenario for attack records. */
    public static Map<String, String> produce(EmbeddedKafkaBroker broker, List<EventGenerator.Generated> events,
                                              int partitions) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        Map<String, String> scenarios = new HashMap<>();
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> fs = new ArrayList<>(events.size());
            int i = 0;
            for (EventGenerator.Generated g : events) {
                fs.add(producer.send(new ProducerRecord<>(g.topic(), i++ % partitions, null, g.value())));
            }
            for (int k = 0; k < fs.size(); k++) {
                RecordMetadata md = fs.get(k).get(60, TimeUnit.SECONDS); // KAFKA-15591: check every send
                String sc = events.get(k).scenario();
                if (sc != null) {
                    scenarios.put(md.topic() + "/" + md.partition() + "/" + md.offset(), sc);
                }
            }
        }
        return scenarios;
    }

    /** Runs the connector until every topic is committed to its end; prints a live line every second to {@code live}. */
    public static Report run(EmbeddedKafkaBroker broker, CentinelaConfig config, AnalysisEngines engines,
                             Map<String, String> scenarios, Path alertsFile, PrintStream live) throws Exception {
        PipelineStats stats = new PipelineStats();
        long t0 = System.nanoTime();
        try (ConnectorService service = new ConnectorService(config, engines, stats);
             Admin admin = Admin.create(broker.clientProperties())) {
            service.preflight();
            service.start();
            Map<TopicPartition, Long> end = endOffsets(broker, config);
            long lastEvents = 0;
            long lastTick = System.nanoTime();
            while (true) {
                Thread.sleep(250);
                Throwable f = service.await(Duration.ofMillis(1));
                if (f != null) {
                    throw new IllegalStateException("connector failed: " + f.getMessage(), f);
                }
                boolean done = committed(admin, config).equals(end);
                long now = System.nanoTime();
                if (live != null && (now - lastTick >= 1_000_000_000L || done)) {
                    long ev = stats.events.sum();
                    double rate = (ev - lastEvents) / ((now - lastTick) / 1e9);
                    live.printf(Locale.ROOT, "  %6.1fs  events %,9d  %,8.0f ev/s  lag %,8d  model-scored %,9d  alerts %,6d %s by source %s  dlq %d%n",
                            (now - t0) / 1e9, ev, rate, stats.consumerLag(), stats.scored.sum(), stats.alerts.sum(),
                            stats.alertsBySeverity(), stats.alertsBySource(), stats.deadLettered.sum());
                    lastEvents = ev;
                    lastTick = now;
                }
                if (done) {
                    break;
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            service.stop();
            service.await(Duration.ofSeconds(60));
            printBaseline(service.baseline(), alertsFile, live);
            Map<String, int[]> perScenario = new TreeMap<>();
            scenarios.values().forEach(s -> perScenario.computeIfAbsent(s, k -> new int[2])[0]++);
            if (alertsFile != null && Files.exists(alertsFile)) {
                ObjectMapper json = new ObjectMapper();
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (String line : Files.readAllLines(alertsFile)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode o = json.readTree(line).path("event").path("origin");
                    String key = o.path("topic").asText() + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong();
                    String sc = scenarios.get(key);
                    if (sc != null && seen.add(key)) {
                        perScenario.get(sc)[1]++;
                    }
                }
            }
            return new Report(stats.events.sum(), stats.scored.sum(), stats.alerts.sum(), stats.deadLettered.sum(), secs,
                    stats.alertsBySeverity(), stats.alertsBySource(), perScenario, stats.latency.percentile(50),
                    stats.latency.percentile(99));
        }
    }

    /** Model-alone alerts (the model the only detection source) and what the site baseline did (docs/baseline.md). */
    static void printBaseline(io.centinela.pipeline.BaselineStage b, Path alertsFile, PrintStream live) throws Exception {
        if (live == null) {
            return;
        }
        long alone = 0;
        if (alertsFile != null && Files.exists(alertsFile)) {
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(alertsFile)) {
                JsonNode src = line.isBlank() ? null : json.readTree(line).path("event").path("detection_sources");
                alone += src != null && src.size() == 1 && src.get(0).asText().equals("model") ? 1 : 0;
            }
        }
        live.printf(Locale.ROOT, "model-alone alerts: %,d%n", alone);
        if (b == null) {
            live.println("site baseline: off (no model, or baseline.enabled false)");
            return;
        }
        StringBuilder kinds = new StringBuilder();
        b.summary().kinds().forEach(k -> kinds.append(String.format(Locale.ROOT, "%s%s %,d learned%s", kinds.isEmpty()
                ? "" : ", ", k.kind(), k.learned(), k.warm() ? "" : " (cold)")));
        live.printf(Locale.ROOT, "site baseline: %,d model verdicts vetoed as usual on this site, %,d events learned, "
                        + "%,d refused (detection), %,d refused (contributor cap); kinds: %s%n", b.vetoed.sum(),
                b.learned.sum(), b.refusedDetected.sum(), b.refusedCapped.sum(), kinds);
    }

    public static Map<TopicPartition, Long> endOffsets(EmbeddedKafkaBroker broker, CentinelaConfig config) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (var d : admin.describeTopics(config.topics().keySet()).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> req.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, i) -> {
                if (i.offset() > 0) {
                    out.put(tp, i.offset());
                }
            });
            return out;
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin, CentinelaConfig config) throws Exception {
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

    public static void printReport(Report r, PrintStream out) {
        out.printf(Locale.ROOT, "%nCentinela demo report%n");
        out.printf(Locale.ROOT, "  events analysed   %,d in %.1f s (%,.0f events/s)%n", r.events(), r.seconds(), r.events() / r.seconds());
        out.printf(Locale.ROOT, "  scored by model   %,d%n", r.scored());
        out.printf(Locale.ROOT, "  alerts            %,d  by severity %s  by source %s%n", r.alerts(), r.bySeverity(), r.bySource());
        out.printf(Locale.ROOT, "  dead-lettered     %,d%n", r.deadLettered());
        out.printf(Locale.ROOT, "  latency p50/p99   %d / %d ms (record timestamp -> done)%n", r.p50(), r.p99());
        out.printf(Locale.ROOT, "  attack scenarios (events alerted / events in scenario):%n");
        r.scenarios().forEach((s, c) -> out.printf(Locale.ROOT, "    %-28s %d / %d%n", s, c[1], c[0]));
    }
}
