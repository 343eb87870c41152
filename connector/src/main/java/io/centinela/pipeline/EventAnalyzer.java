package io.centinela.pipeline;

import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.yara.EventScanner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The worker stages for one chunk of records: parse + normalise, then {@link AnalysisStages} (Sigma -> YARA ->
 * model by scoring policy -> fusion), then alert to delivery, or done. A record that cannot be parsed, or that makes a stage throw, goes to the
 * dead-letter topic with the error; nothing is dropped. Thread-safe; YARA scanners are per worker thread.
 */
public final class EventAnalyzer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventAnalyzer.class);

    private final EventParser parser;
    private final Map<String, EventFormat> formats;
    private final AnalysisStages stages;
    private final AlertDelivery delivery;
    private final DeadLetters dlq;
    private final PipelineStats stats;
    private final ThreadLocal<EventScanner> scanners;
    private final List<EventScanner> allScanners = new CopyOnWriteArrayList<>();

    public EventAnalyzer(EventParser parser, Map<String, EventFormat> formats, AnalysisEngines engines,
                         ScoringPolicy policy, AlertDelivery delivery, DeadLetters dlq, PipelineStats stats) {
        this.parser = parser;
        this.formats = Map.copyOf(formats);
        this.stages = new AnalysisStages(engines, policy);
        this.delivery = delivery;
        this.dlq = dlq;
        this.stats = stats;
        this.scanners = ThreadLocal.withInitial(() -> {
            if (engines.yara() == null) {
                return null;
            }
            EventScanner s = engines.yara().get();
            allScanners.add(s);
            return s;
        });
    }

    public void process(List<Slot> chunk) {
        List<Event> events = new ArrayList<>(chunk.size());
        List<Slot> slots = new ArrayList<>(chunk.size());
        for (Slot slot : chunk) {
            ConsumerRecord<byte[], byte[]> r = slot.record();
            if (r == null || !slot.live()) {
                continue;
            }
            stats.events.increment();
            try {
                EventFormat f = formats.getOrDefault(r.topic(), EventFormat.AUTO);
                events.add(parser.parse(r.value(), new EventOrigin.Kafka(r.topic(), r.partition(), r.offset(), r.timestamp()), f));
                slots.add(slot);
            } catch (EventRejectedException e) {
                deadLetter(slot, e.reason().name(), e.getMessage());
            } catch (RuntimeException e) {
                deadLetter(slot, e.getClass().getSimpleName(), "normalisation failed: " + e.getMessage());
            }
        }
        AnalysisStages.ChunkResult result = stages.analyze(events, scanners.get());
        int n = events.size();
        stats.scored.add(result.scored());
        stats.unscored.add(n - result.scored());
        for (int i = 0; i < n; i++) {
            Slot slot = slots.get(i);
            AnalysisStages.Outcome o = result.outcomes().get(i);
            if (o.failed()) {
                deadLetter(slot, o.errorClass(), o.failure());
            } else if (o.alert().isPresent()) {
                stats.alert(o.alert().get());
                delivery.submit(slot, o.alert().get());
            } else {
                var r = slot.record();
                if (r != null && r.timestamp() > 0) {
                    stats.latency.record(System.currentTimeMillis() - r.timestamp());
                }
                slot.markDone();
            }
        }
    }

    private void deadLetter(Slot slot, String errorClass, String reason) {
        stats.deadLettered.increment();
        dlq.write(slot, errorClass, reason);
    }

    @Override
    public void close() {
        for (EventScanner s : allScanners) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing a YARA scanner: {}", e.toString());
            }
        }
        allScanners.clear();
    }
}
