package io.centinela.tools.soak;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads topics from the beginning to their end offsets at the time of the call (no group, nothing committed). */
final class TopicReader {

    private TopicReader() {
    }

    static void readAll(String bootstrap, List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (String t : topics) {
                c.partitionsFor(t, Duration.ofSeconds(30)).forEach(i -> parts.add(new TopicPartition(t, i.partition())));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, Duration.ofSeconds(30)));
            end.values().removeIf(v -> v == 0);
            long idleSince = System.nanoTime();
            while (!end.isEmpty()) {
                var batch = c.poll(Duration.ofMillis(500));
                if (batch.isEmpty() && System.nanoTime() - idleSince > Duration.ofSeconds(60).toNanos()) {
                    throw new IllegalStateException("cannot read " + end.keySet() + " to the end");
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    idleSince = System.nanoTime();
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    Long e = end.get(tp);
                    if (e == null || r.offset() >= e) {
                        continue;
                    }
                    sink.accept(r);
                    if (r.offset() + 1 >= e) {
                        end.remove(tp);
                    }
                }
                for (TopicPartition tp : List.copyOf(end.keySet())) {
                    if (c.position(tp) >= end.get(tp)) { // transaction markers or compaction gaps at the end
                        end.remove(tp);
                    }
                }
            }
        }
    }
}
