package io.centinela.risk;

import io.centinela.alert.Alert;
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
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Kafka plumbing of the risk tests: publish detections, read risk alerts (read_committed), Streams settings. */
final class RiskKafka {

    private RiskKafka() {
    }

    /** Streams client settings for fast tests: quick commits and a short session so a killed member leaves soon. */
    static Map<String, Object> streamsClient(String bootstrap) {
        Map<String, Object> m = new HashMap<>();
        m.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        m.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        m.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6000);
        m.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1000);
        m.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), 5000);
        m.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return m;
    }

    static RiskStreamsConfig config(String app, String detections, String alerts, int partitions, Path stateDir) {
        return new RiskStreamsConfig(app, detections, alerts, partitions, stateDir, "exactly_once_v2");
    }

    static void publish(EmbeddedKafkaBroker broker, String topic, List<Detection> ds) {
        Map<String, Object> p = new HashMap<>(broker.clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> prod = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Detection d : ds) {
                prod.send(new ProducerRecord<>(topic, d.alertId().getBytes(StandardCharsets.UTF_8), DetectionCodec.encode(d)));
            }
            prod.flush();
        }
    }

    /** Every committed alert on the topic, in topic order. */
    static List<Alert> readAlerts(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> c = new HashMap<>(broker.clientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Alert> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(pi -> new TopicPartition(topic, pi.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(DetectionCodec.decodeAlert(r.value()));
                }
            }
        }
        return out;
    }

    /** A key the repartition topic puts in {@code partition} of {@code n} (the default partitioner: murmur2). */
    static String keyInPartition(String prefix, int partition, int n) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % n == partition) {
                return k;
            }
        }
    }

    static int partitionOf(String key, int n) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % n;
    }

    static void await(Duration timeout, BooleanSupplier done, Supplier<String> why) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + why.get());
            }
            Thread.sleep(100);
        }
    }
}
