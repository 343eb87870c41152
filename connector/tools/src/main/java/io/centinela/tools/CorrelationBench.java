package io.centinela.tools;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.centinela.alert.Alert;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventKind;
import io.centinela.event.EventOrigin;
import io.centinela.risk.Detection;
import io.centinela.risk.DetectionCodec;
import io.centinela.risk.RiskTopology;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.Hit;
import io.centinela.sigma.correlation.Routed;
import io.centinela.sigma.correlation.StandaloneMatches;
import io.centinela.sigma.load.BundledSigmaRules;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.testkit.EmbeddedKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The correlation side of {@code bench risk}: the project's own logon correlations (bundled
 * {@code win_corr_logon_failures.yml}), failed-logon hits made by the service's own path
 * ({@link StandaloneMatches#evaluateForCorrelation}), and the added-latency measurement.
 */
final class CorrelationBench {

    static final String SPRAY_ID = "9f25ac77-897f-4c12-b11a-b4edd49d30f1";

    /** Latencies in ms (detection produced -> alert readable) and how many alerts were measured. */
    record Latency(String p50, String p99, int n) {
    }

    private final StandaloneMatches rules;

    private CorrelationBench(StandaloneMatches rules) {
        this.rules = rules;
    }

    static CorrelationBench load() throws IOException {
        Path file = BundledSigmaRules.folder().orElseThrow(() -> new IllegalStateException("no bundled Sigma rules"))
                .resolve("windows/correlation/win_corr_logon_failures.yml");
        LoadResult r = new RuleLoader(LoadOptions.defaults()).load(List.of(file));
        return new CorrelationBench(new StandaloneMatches(r.ruleSet(), CorrelationEngine.build(r, CorrelationOptions.defaults())));
    }

    RiskTopology.Branch branch() {
        return RiskTopology.correlation(rules.correlations(), 1_000_000);
    }

    /** The hits of a Security 4625 network logon failure read from {@code topic/0/offset}. */
    List<Hit> failedLogonHits(String topic, long offset, long timeMs, String user, String ip) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("@timestamp", Instant.ofEpochMilli(timeMs).toString());
        f.put("EventID", "4625");
        f.put("Channel", "Security");
        f.put("Computer", "DC1.corp.example");
        f.put("LogonType", "3");
        f.put("TargetUserName", user);
        f.put("IpAddress", ip);
        Event e = new Event(JsonNodeFactory.instance.objectNode(), new EventOrigin.Kafka(topic, 0, offset, timeMs),
                EventFormat.GENERIC, EventKind.WINDOWS, f, 0);
        return rules.evaluateForCorrelation(e).hits();
    }

    /** Keyed copies the correlation branch makes of a detection. */
    int keys(Detection d) {
        Set<String> keys = new HashSet<>();
        for (Hit h : d.hits()) {
            for (Routed r : rules.correlations().route(h)) {
                keys.add(rules.correlations().partitionKey(r));
            }
        }
        return keys.size();
    }

    /**
     * Paces {@code n} failed logons ({@code rate}/s) into the running topology, ten accounts per source, so every
     * tenth crosses the spraying rule ({@code value_count gte 10}, decided when the hit arrives); measures from each
     * crossing detection's send to its alert being readable on the alert topic with read_committed.
     */
    Latency latency(EmbeddedKafkaBroker broker, String detections, String alerts, long t0, int n, int rate)
            throws Exception {
        long[] sent = new long[n];
        List<Long> millis = new ArrayList<>();
        Map<String, Object> cc = new HashMap<>(broker.clientProperties());
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> pp = new HashMap<>(broker.clientProperties());
        pp.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(alerts).stream()
                    .map(pi -> new TopicPartition(alerts, pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            long start = System.nanoTime();
            int next = 0;
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < quietUntil && millis.size() < n / 10) {
                long now = System.nanoTime();
                while (next < n && now - start >= next * 1_000_000_000L / rate) {
                    int src = 100_000 + next / 10;
                    String id = "lat-" + next;
                    Detection d = Detection.ofHits(new EventOrigin.Kafka("lat", 0, next, 0), "generic", "windows",
                            failedLogonHits("lat", next, t0 + next * 100L, "lat" + (next % 10),
                                    "10." + (src >> 16) + "." + ((src >> 8) & 255) + "." + (src & 255)));
                    sent[next] = System.nanoTime();
                    producer.send(new ProducerRecord<>(detections, id.getBytes(StandardCharsets.UTF_8), DetectionCodec.encode(d)));
                    next++;
                    if (next == n) {
                        producer.flush();
                        quietUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    }
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(5))) {
                    long at = System.nanoTime();
                    Alert a = DetectionCodec.decodeAlert(r.value());
                    if (a.signatureId().endsWith(SPRAY_ID) && a.origin() != null && "lat".equals(a.origin().topic())) {
                        millis.add((at - sent[(int) (long) a.origin().offset()]) / 1_000_000);
                    }
                }
            }
        }
        if (millis.isEmpty()) {
            return new Latency("-", "-", 0);
        }
        long[] v = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Latency(String.valueOf(v[(int) Math.floor(0.5 * (v.length - 1))]),
                String.valueOf(v[(int) Math.ceil(0.99 * (v.length - 1))]), v.length);
    }
}
