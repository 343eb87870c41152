package io.centinela.kafka;

import io.centinela.pipeline.DeadLetters;
import io.centinela.pipeline.Slot;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes records that cannot be analysed or delivered to {@code <topic>.dlq}: the original key, value and headers,
 * plus {@code centinela.origin.topic/partition/offset}, {@code centinela.error.class} and {@code centinela.error.reason}.
 * The slot is marked done only in the send callback, i.e. once the broker has the record (acks=all): the offset
 * commit, which waits for done slots, therefore always follows the DLQ write.
 *
 * <p>A record the dead-letter topic or the producer refuses for its size ({@link RecordTooLargeException}) is
 * written again as a truncated copy: the first {@link #TRUNCATED_BYTES} of the value (and of the key), the original
 * headers when they total under that, and {@code centinela.original.sha256} (hex SHA-256 of the whole value),
 * {@code centinela.original.size}, {@code centinela.truncation.reason} ({@link TruncationReason}) and
 * {@code centinela.truncation.detail}. So one oversized record never stops the stream, and its slot completes once,
 * with the copy. Any other send failure is fatal ({@code onFailure}): the slot stays open and nothing past it is
 * committed.
 *
 * <p>Threads: {@link #write} is called by workers and HEC senders; send callbacks run on the producer's I/O thread
 * (or the caller's, for a refusal before sending), so truncated copies are sent from one own thread, never from a
 * callback (a send there could block the I/O thread on buffer memory).
 */
public final class DeadLetterWriter implements DeadLetters, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);

    /** The dead-letter producer's {@code max.request.size}: a larger record is dead-lettered truncated. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;
    /** Bytes of the value (and key) a truncated copy keeps: far under any topic limit in use (Kafka's default 1 MB). */
    public static final int TRUNCATED_BYTES = 64 << 10;

    public static final String ORIGINAL_SHA256 = "centinela.original.sha256";
    public static final String ORIGINAL_SIZE = "centinela.original.size";
    public static final String TRUNCATION_REASON = "centinela.truncation.reason";
    public static final String TRUNCATION_DETAIL = "centinela.truncation.detail";

    private final KafkaProducer<byte[], byte[]> producer;
    private final String suffix;
    private final long producerLimit;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final Consumer<Throwable> onFailure;
    private final ExecutorService truncator = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "centinela-dlq-truncate");
        t.setDaemon(true);
        return t;
    });

    public DeadLetterWriter(Properties clientProps, String suffix, Consumer<Throwable> onFailure) {
        Properties p = new Properties();
        p.putAll(clientProps);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(MAX_REQUEST_BYTES));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "centinela-dlq");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.suffix = suffix;
        this.onFailure = onFailure;
        long buffer = Long.parseLong(String.valueOf(p.getOrDefault(ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20)));
        this.producerLimit = Math.min(MAX_REQUEST_BYTES, buffer);
    }

    @Override
    public void write(Slot slot, String errorClass, String reason) {
        ConsumerRecord<byte[], byte[]> r = slot.record();
        if (r == null) {
            return; // already done
        }
        RecordHeaders h = new RecordHeaders();
        for (Header x : r.headers()) {
            h.add(x);
        }
        addErrorHeaders(h, r, errorClass, reason);
        producer.send(new ProducerRecord<>(r.topic() + suffix, null, r.timestamp(), r.key(), r.value(), h), (md, ex) -> {
            if (ex == null) {
                written.incrementAndGet();
                slot.markDone();
            } else if (ex instanceof RecordTooLargeException || ex instanceof RecordBatchTooLargeException) {
                try {
                    truncator.execute(() -> writeTruncated(slot, r, errorClass, reason, ex));
                } catch (RejectedExecutionException closing) {
                    // closing: the slot stays open, so the record is re-read and dead-lettered after a restart
                    LOG.warn("closing: {}-{}@{} not dead-lettered; it is re-read at the next start", r.topic(),
                            r.partition(), r.offset());
                }
            } else {
                LOG.error("cannot write {}-{}@{} to the dead-letter topic: {}", r.topic(), r.partition(), r.offset(), ex.toString());
                onFailure.accept(ex);
            }
        });
    }

    private void writeTruncated(Slot slot, ConsumerRecord<byte[], byte[]> r, String errorClass, String reason,
                                Exception refusal) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        TruncationReason why = estimatedSize(r) >= producerLimit ? TruncationReason.PRODUCER_LIMIT
                : TruncationReason.TOPIC_LIMIT;
        RecordHeaders h = new RecordHeaders();
        long headerBytes = 0;
        for (Header x : r.headers()) {
            headerBytes += x.key().length() + (x.value() == null ? 0 : x.value().length);
        }
        if (headerBytes <= TRUNCATED_BYTES) {
            for (Header x : r.headers()) {
                h.add(x);
            }
        }
        addErrorHeaders(h, r, errorClass, reason);
        String sha = sha256(value);
        h.add(ORIGINAL_SHA256, bytes(sha));
        h.add(ORIGINAL_SIZE, bytes(Integer.toString(value.length)));
        h.add(TRUNCATION_REASON, bytes(why.name()));
        h.add(TRUNCATION_DETAIL, bytes(cap(refusal.getMessage() + (headerBytes > TRUNCATED_BYTES
                ? "; the original headers (" + headerBytes + " bytes) are left out" : ""))));
        ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(r.topic() + suffix, null, r.timestamp(),
                head(r.key()), head(value), h);
        try {
            producer.send(copy, (md, ex) -> {
                if (ex == null) {
                    written.incrementAndGet();
                    truncated.incrementAndGet();
                    LOG.warn("dead-lettered a truncated copy of {}-{}@{}: {} of {} bytes, sha256 {}, {}", r.topic(),
                            r.partition(), r.offset(), copy.value().length, value.length, sha, why);
                    slot.markDone();
                } else {
                    failedCopy(r, copy.topic(), ex);
                }
            });
        } catch (RuntimeException e) { // the producer is closing or interrupted
            failedCopy(r, copy.topic(), e);
        }
    }

    private void failedCopy(ConsumerRecord<byte[], byte[]> r, String topic, Exception ex) {
        LOG.error("cannot write even a {}-byte truncated copy of {}-{}@{} to {}: {}; raise that topic's max.message.bytes",
                TRUNCATED_BYTES, r.topic(), r.partition(), r.offset(), topic, ex.toString());
        onFailure.accept(ex);
    }

    private static void addErrorHeaders(RecordHeaders h, ConsumerRecord<byte[], byte[]> r, String errorClass,
                                        String reason) {
        h.add("centinela.origin.topic", bytes(r.topic()));
        h.add("centinela.origin.partition", bytes(Integer.toString(r.partition())));
        h.add("centinela.origin.offset", bytes(Long.toString(r.offset())));
        h.add("centinela.error.class", bytes(errorClass));
        h.add("centinela.error.reason", bytes(cap(reason)));
    }

    /** Upper bound of the record's size as the producer counts it (key, value, headers, record overhead). */
    private static long estimatedSize(ConsumerRecord<byte[], byte[]> r) {
        long n = 128L + (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
        for (Header x : r.headers()) {
            n += x.key().length() + (x.value() == null ? 0 : x.value().length) + 10;
        }
        return n;
    }

    private static byte[] head(byte[] b) {
        return b == null || b.length <= TRUNCATED_BYTES ? b : Arrays.copyOf(b, TRUNCATED_BYTES);
    }

    private static String cap(String s) {
        String v = String.valueOf(s);
        return v.length() > 2000 ? v.substring(0, 2000) : v;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Records written (full or truncated). */
    public long written() {
        return written.get();
    }

    /** Records written as a truncated copy. */
    public long truncated() {
        return truncated.get();
    }

    /** Waits until every record handed to {@link #write} so far is written or has failed, truncated copies included. */
    public void flush() {
        producer.flush(); // callbacks have run: refused records are queued on the truncator
        try {
            truncator.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | RejectedExecutionException e) {
            // closed: nothing more is sent
        }
        producer.flush();
    }

    @Override
    public void close() {
        truncator.shutdown();
        try {
            truncator.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
