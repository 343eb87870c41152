package io.centinela.pipeline;

import io.centinela.alert.Alert;
import io.centinela.risk.DetectionCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;

/**
 * Delivers alerts that another stage already built and wrote to a topic (the risk topology's alert topic): each
 * record is decoded and handed to {@link AlertDelivery} with its slot, so the consumer commits its offset only once
 * HEC took the alert, exactly as for per-event alerts. A record that is not an alert goes to the dead-letter topic.
 * Thread-safe (stateless).
 */
public final class AlertTopicDrain {

    private final AlertDelivery delivery;
    private final DeadLetters dlq;
    private final PipelineStats stats;

    public AlertTopicDrain(AlertDelivery delivery, DeadLetters dlq, PipelineStats stats) {
        this.delivery = delivery;
        this.dlq = dlq;
        this.stats = stats;
    }

    public void process(List<Slot> chunk) {
        for (Slot slot : chunk) {
            ConsumerRecord<byte[], byte[]> r = slot.record();
            if (r == null || !slot.live()) {
                continue;
            }
            Alert a;
            try {
                a = DetectionCodec.decodeAlert(r.value());
            } catch (RuntimeException e) {
                stats.deadLettered.increment();
                dlq.write(slot, "UnreadableAlert", e.getMessage());
                continue;
            }
            stats.riskAlerts.increment();
            stats.alert(a);
            delivery.submit(slot, a);
        }
    }
}
