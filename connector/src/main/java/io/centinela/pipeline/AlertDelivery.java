package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.alert.AlertJson;
import io.centinela.hec.HecClient;
import io.centinela.alert.HecEnvelope;
import io.centinela.hec.HecFatalException;
import io.centinela.hec.HecOutcome;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sender threads that batch alerts (count, bytes, linger) and hand them to the outputs: the JSON-lines file, the
 * alert topic, then Splunk HEC. An alert's slot is done when every output took it; an alert HEC refuses as bad data
 * goes to the dead-letter topic with its original record. A fatal HEC answer stops delivery: nothing more is marked
 * done, so offsets stay put, and {@link #fatal()} tells the service to stop and alarm.
 */
public final class AlertDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

    /** An alert waiting for delivery. */
    public record Pending(Slot slot, Alert alert, byte[] envelope) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final HecClient hec;
    private final HecEnvelope envelope;
    private final OutputStream file;
    private final KafkaProducer<byte[], byte[]> topicProducer;
    private final String topic;
    private final DeadLetters dlq;
    private final PipelineStats stats;
    private final int maxEvents;
    private final int maxBytes;
    private final long lingerNanos;
    private final List<Thread> senders = new ArrayList<>();
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    private volatile boolean running = true;

    public AlertDelivery(HecClient hec, HecEnvelope envelope, Path alertsFile, KafkaProducer<byte[], byte[]> topicProducer,
                         String topic, DeadLetters dlq, PipelineStats stats, int maxEvents, int maxBytes,
                         Duration linger, int threads) {
        this.hec = hec;
        this.envelope = envelope;
        this.topicProducer = topicProducer;
        this.topic = topic;
        this.dlq = dlq;
        this.stats = stats;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.lingerNanos = linger.toNanos();
        try {
            this.file = alertsFile == null ? null : new BufferedOutputStream(Files.newOutputStream(alertsFile,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), 1 << 16);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open output.alerts.file " + alertsFile + ": " + e.getMessage(), e);
        }
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::loop, "centinela-hec-sender-" + i);
            t.setDaemon(true);
            t.start();
            senders.add(t);
        }
    }

    public void submit(Slot slot, Alert alert) {
        queue.add(new Pending(slot, alert, envelope.toJson(alert).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** False while HEC is down or busy: the consumer pauses its partitions. */
    public boolean healthy() {
        return hec == null || hec.healthy();
    }

    public Exception fatal() {
        return fatal.get();
    }

    public int queued() {
        return queue.size();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (running && fatal.get() == null) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                long bytes = first.envelope().length;
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxEvents && bytes < maxBytes) {
                    long wait = deadline - System.nanoTime();
                    Pending p = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                    if (p == null) {
                        break;
                    }
                    batch.add(p);
                    bytes += p.envelope().length;
                }
                batch.removeIf(p -> !p.slot().live()); // revoked partition: the new owner re-reads these
                if (!batch.isEmpty()) {
                    deliver(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (HecFatalException e) {
                LOG.error("ALARM: Splunk HEC delivery stopped, offsets are not committed past undelivered alerts: {}",
                        e.getMessage());
                fatal.compareAndSet(null, e);
                return;
            } catch (Exception e) {
                LOG.error("ALARM: alert delivery failed: {}", e.toString());
                fatal.compareAndSet(null, e);
                return;
            }
        }
    }

    private void deliver(List<Pending> batch) throws Exception {
        if (file != null) {
            synchronized (file) {
                for (Pending p : batch) {
                    file.write(p.envelope());
                    file.write('\n');
                }
                file.flush();
            }
        }
        if (topicProducer != null) {
            for (Pending p : batch) {
                topicProducer.send(new ProducerRecord<>(topic, p.alert().alertId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        AlertJson.mapper().writeValueAsBytes(p.alert())));
            }
            topicProducer.flush();
        }
        if (hec == null) {
            for (Pending p : batch) {
                done(p);
            }
            return;
        }
        List<byte[]> envs = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            envs.add(p.envelope());
        }
        HecOutcome out = hec.send(envs);
        Map<Integer, String> rejected = out.rejected();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            if (out.delivered(i)) {
                done(p);
            } else {
                String reason = rejected.getOrDefault(i, "not delivered");
                LOG.warn("HEC refused alert {} for {}: {}; the event goes to the dead-letter topic",
                        p.alert().alertId(), p.slot().record() == null ? "?" : p.slot().record().topic(), reason);
                if (dlq != null) {
                    stats.deadLettered.increment();
                    dlq.write(p.slot(), "HecRejected", reason);
                }
            }
        }
    }

    private void done(Pending p) {
        var r = p.slot().record();
        if (r != null && r.timestamp() > 0) {
            stats.latency.record(System.currentTimeMillis() - r.timestamp());
        }
        stats.alertsDelivered.increment();
        p.slot().markDone();
    }

    /** Waits until everything queued is delivered or the timeout passes. */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() && System.nanoTime() < deadline && fatal.get() == null) {
            Thread.sleep(20);
        }
        return queue.isEmpty();
    }

    @Override
    public void close() {
        running = false;
        if (hec != null) {
            hec.close();
        }
        for (Thread t : senders) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (file != null) {
            synchronized (file) {
                try {
                    file.close();
                } catch (IOException e) {
                    LOG.warn("closing the alerts file: {}", e.toString());
                }
            }
        }
    }
}
