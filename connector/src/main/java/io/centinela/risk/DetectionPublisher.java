package io.centinela.risk;

import io.centinela.alert.Alert;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The per-event side of risk: sends each detection to the internal detections topic (acks=all, idempotent) and
 * calls back once Kafka acknowledged it, so the caller commits the source offset only after that. Decides, under
 * {@code risk.mode: quiet}, which per-event alerts feed risk only. Thread-safe (KafkaProducer is).
 */
public final class DetectionPublisher implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final RiskPolicy policy;
    private final Consumer<Exception> onFailure;
    private final boolean feedsRisk;

    /**
     * @param client    Kafka client settings (bootstrap, security)
     * @param onFailure called when Kafka refuses a detection for good (after the producer's own retries): the
     *                  caller stops, its offsets stay where they are, and the events are re-read on restart
     */
    public DetectionPublisher(Map<String, Object> client, String topic, RiskPolicy policy, Consumer<Exception> onFailure) {
        this(client, topic, policy, true, onFailure);
    }

    /**
     * @param feedsRisk false when only the correlation branch runs: then only events with correlation hits are
     *                  published and every alert is delivered on its own (quiet mode needs the risk branch)
     */
    public DetectionPublisher(Map<String, Object> client, String topic, RiskPolicy policy, boolean feedsRisk,
                              Consumer<Exception> onFailure) {
        this.feedsRisk = feedsRisk;
        Map<String, Object> p = new HashMap<>(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
        this.policy = policy;
        this.onFailure = onFailure;
    }

    public RiskPolicy policy() {
        return policy;
    }

    /** Whether the entity-risk branch runs (every detection is published), not only correlations. */
    public boolean feedsRisk() {
        return feedsRisk;
    }

    /** False under quiet mode for weak alerts: they feed risk and are not delivered on their own. */
    public boolean deliversAlone(Alert a) {
        return !policy.riskOnly(a);
    }

    /** Sends the detection; {@code acked} runs once Kafka has it (on the producer's I/O thread). */
    public void publish(Detection d, Runnable acked) {
        producer.send(new ProducerRecord<>(topic, d.alertId().getBytes(StandardCharsets.UTF_8), DetectionCodec.encode(d)),
                (meta, e) -> {
                    if (e == null) {
                        acked.run();
                    } else {
                        onFailure.accept(e);
                    }
                });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
