package io.centinela.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes records that cannot be analysed or delivered to {@code <topic>.dlq}: the original key, value and headers,
 * plus {@code centinela.origin.topic/partition/offset}, {@code centinela.error.class} and {@code centinela.error.reason}.
 * The slot is marked done only in the send callback, i.e. once the broker has the record (acks=all): the offset
 * commit, which waits for done slots, therefore always follows the DLQ write.
 */
public final class DeadLetterWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String suffix;
    private final AtomicLong written = new AtomicLong();
    private final Consumer<Throwable> onFailure;

    public DeadLetterWriter(Properties clientProps, String suffix, Consumer<Throwable> onFailure) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 << 20));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "centinela-dlq");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.suffix = suffix;
        this.onFailure = onFailure;
    }

    public void write(Slot slot, String errorClass, String reason) {
        ConsumerRecord<byte[], byte[]> r = slot.record();
        if (r == null) {
            return; // already done
        }
        RecordHeaders h = new RecordHeaders();
        for (Header x : r.headers()) {
            h.add(x);
        }
        h.add("centinela.origin.topic", r.topic().getBytes(StandardCharsets.UTF_8));
        h.add("centinela.origin.partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        h.add("centinela.origin.offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        h.add("centinela.error.class", errorClass.getBytes(StandardCharsets.UTF_8));
        String capped = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
        h.add("centinela.error.reason", capped.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(r.topic() + suffix, null, r.timestamp(), r.key(), r.value(), h), (md, ex) -> {
            if (ex == null) {
                written.incrementAndGet();
                slot.markDone();
            } else {
                LOG.error("cannot write {}-{}@{} to the dead-letter topic: {}", r.topic(), r.partition(), r.offset(), ex.toString());
                onFailure.accept(ex);
            }
        });
    }

    public long written() {
        return written.get();
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
