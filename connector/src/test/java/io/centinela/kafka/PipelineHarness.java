package io.centinela.kafka;

import io.centinela.testkit.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.JsonNode;
import io.centinela.config.CentinelaConfig;
import io.centinela.testkit.HecTestServer;
import io.centinela.pipeline.AnalysisEngines;
import io.centinela.pipeline.PipelineStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test support: a topic with a known mix, a connector config pointing at the in-JVM HEC, and the invariant checks. */
public final class PipelineHarness {

    public static final String TOKEN = "11111111-2222-3333-4444-555555555555";

    public final EmbeddedKafkaBroker broker;
    public final String topic;
    public final String group;
    public final int partitions;
    /** "topic/partition/offset" of records that must raise an alert. */
    public final Set<String> expectedAlerts = new HashSet<>();
    /** "topic/partition/offset" of records that must go to the DLQ. */
    public final Set<String> expectedDlq = new HashSet<>();
    /** "topic/partition/offset" of every produced record, in production order. */
    public final List<String> keys = new ArrayList<>();

    public PipelineHarness(EmbeddedKafkaBroker broker, int partitions) {
        this(broker, partitions, "events-", Map.of(), true);
    }

    /**
     * @param prefix of the topic name (a random suffix follows)
     * @param topicConfig settings of the source topic
     * @param createDlq false: leave creating {@code <topic>.dlq} to the connector
     */
    public PipelineHarness(EmbeddedKafkaBroker broker, int partitions, String prefix, Map<String, String> topicConfig,
                           boolean createDlq) {
        this.broker = broker;
        this.partitions = partitions;
        this.topic = prefix + UUID.randomUUID().toString().substring(0, 8);
        this.group = "g-" + topic;
        broker.createTopics(partitions, topicConfig, topic);
        if (createDlq) {
            broker.createTopics(partitions, topic + ".dlq");
        }
    }

    public static byte[] benign(int i) {
        return ("{\"EventID\":1,\"Computer\":\"ws" + (i % 7) + ".corp.local\",\"User\":\"CORP\\\\u" + (i % 13)
                + "\",\"Image\":\"C:\\\\Windows\\\\System32\\\\svchost.exe\",\"CommandLine\":\"svchost.exe -k netsvcs -p "
                + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] attack(int i) {
        return ("{\"EventID\":1,\"Computer\":\"ws" + (i % 7) + ".corp.local\",\"User\":\"CORP\\\\admin\","
                + "\"Image\":\"C:\\\\Temp\\\\m.exe\",\"CommandLine\":\"mimikatz.exe privilege::debug sekurlsa::logonpasswords "
                + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** Produces n records: every 10th an attack, and poison records (bad JSON) at every 250th position. */
    public void produceMix(int n, boolean poison) throws Exception {
        List<byte[]> values = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (poison && i % 250 == 125) {
                values.add(("{\"EventID\":1, broken json " + i).getBytes(StandardCharsets.UTF_8));
                kinds.add("poison");
            } else if (i % 10 == 3) {
                values.add(attack(i));
                kinds.add("attack");
            } else {
                values.add(benign(i));
                kinds.add("benign");
            }
        }
        produce(values, kinds);
    }

    public void produce(List<byte[]> values, List<String> kinds) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        try (var producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> fs = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                fs.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, values.get(i))));
            }
            for (int i = 0; i < fs.size(); i++) {
                RecordMetadata md = fs.get(i).get(60, TimeUnit.SECONDS); // KAFKA-15591: check every send
                String key = md.topic() + "/" + md.partition() + "/" + md.offset();
                keys.add(key);
                switch (kinds.get(i)) {
                    case "attack" -> expectedAlerts.add(key);
                    case "poison" -> expectedDlq.add(key);
                    default -> { }
                }
            }
        }
    }

    public Map<String, Object> config(HecTestServer hec) {
        return config(hec.uri());
    }

    /** The same config for any HEC URL (a server that is not the in-JVM HEC). */
    public Map<String, Object> config(java.net.URI hecUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", broker.bootstrapServers());
        m.put("kafka.group.id", group);
        m.put("kafka.topics", Map.of(topic, "auto"));
        m.put("kafka.max.poll.records", 500);
        m.put("kafka.commit.interval.ms", 200L);
        m.put("pipeline.workers", 2);
        m.put("pipeline.chunk.events", 100);
        m.put("pipeline.max.inflight.events", 2000);
        m.put("pipeline.event.max.bytes", 64 * 1024);
        m.put("hec.urls", List.of(hecUrl.toString()));
        m.put("hec.token", TOKEN);
        m.put("hec.allow.plaintext", true); // the in-JVM HEC test server speaks http
        m.put("hec.batch.max.events", 100);
        m.put("hec.batch.linger.ms", 20L);
        m.put("hec.timeout.ms", 2000L);
        m.put("hec.backoff.initial.ms", 20L);
        m.put("hec.backoff.max.ms", 300L);
        m.put("hec.health.check.ms", 100L);
        m.put("heartbeat.interval.ms", 60000L);
        return m;
    }

    public ConnectorService start(Map<String, Object> cfg, AnalysisEngines engines) {
        CentinelaConfig c = CentinelaConfig.fromMap(cfg);
        ConnectorService s = new ConnectorService(c, engines, new PipelineStats(),
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), Duration.ofSeconds(20));
        s.preflight();
        return s.start();
    }

    public Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, OffsetSpec> req = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                req.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        }
    }

    public Map<TopicPartition, Long> committed() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Map<TopicPartition, Long> out = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            m.forEach((tp, om) -> {
                if (om != null) {
                    out.put(tp, om.offset());
                }
            });
            return out;
        }
    }

    public void awaitCommittedToEnd(Duration timeout) throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        await(timeout, () -> {
            try {
                return committed().equals(end);
            } catch (Exception e) {
                return false;
            }
        }, () -> {
            try {
                return "committed " + committed() + " != end " + end;
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    public List<ConsumerRecord<byte[], byte[]>> dlqRecords() {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic + ".dlq", i));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            long deadline = System.currentTimeMillis() + 15000;
            while (System.currentTimeMillis() < deadline) {
                boolean atEnd = true;
                for (TopicPartition tp : tps) {
                    atEnd &= c.position(tp) >= end.get(tp);
                }
                if (atEnd) {
                    break;
                }
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    public static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Origin keys of the alerts HEC indexed (duplicates included). */
    public static List<String> deliveredOrigins(HecTestServer hec) {
        List<String> out = new ArrayList<>();
        for (JsonNode env : hec.indexed()) {
            if (!"centinela:alert".equals(env.path("sourcetype").asText())) {
                continue;
            }
            JsonNode o = env.path("event").path("origin");
            out.add(o.path("topic").asText() + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong());
        }
        return out;
    }

    /**
     * The invariants: distinct delivered == expected, DLQ == poison, committed == end offsets, duplicates bounded.
     */
    public void assertInvariants(HecTestServer hec, Set<String> extraDlq, long maxDuplicates) throws Exception {
        awaitCommittedToEnd(Duration.ofSeconds(60));
        List<String> delivered = deliveredOrigins(hec);
        Set<String> distinct = new HashSet<>(delivered);
        Set<String> expected = new HashSet<>(expectedAlerts);
        expected.removeAll(extraDlq);
        assertEquals(expected, distinct, "distinct delivered alerts == expected");
        Set<String> dlq = new HashSet<>();
        for (var r : dlqRecords()) {
            dlq.add(header(r, "centinela.origin.topic") + "/" + header(r, "centinela.origin.partition") + "/"
                    + header(r, "centinela.origin.offset"));
        }
        Set<String> expectedDlqAll = new HashSet<>(expectedDlq);
        expectedDlqAll.addAll(extraDlq);
        assertEquals(expectedDlqAll, dlq, "DLQ == poison");
        long dups = delivered.size() - distinct.size();
        assertTrue(dups <= maxDuplicates, "duplicates " + dups + " <= " + maxDuplicates);
        assertEquals(endOffsets(), committed(), "committed == end offsets");
    }

    public static void await(Duration timeout, BooleanSupplier cond, java.util.function.Supplier<String> msg)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + msg.get());
            }
            Thread.sleep(50);
        }
    }
}
