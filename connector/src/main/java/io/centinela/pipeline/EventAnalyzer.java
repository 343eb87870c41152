package io.centinela.pipeline;

import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventOrigin;
import io.centinela.event.EventParser;
import io.centinela.event.EventRejectedException;
import io.centinela.risk.Detection;
import io.centinela.risk.DetectionPublisher;
import io.centinela.alert.Alert;
import io.centinela.alert.ModelDetection;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.correlation.Hit;
import io.centinela.yara.YaraMatch;
import java.util.Optional;
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
    private final DetectionPublisher risk;
    private final ThreadLocal<EventScanner> scanners;
    private final List<EventScanner> allScanners = new CopyOnWriteArrayList<>();

    public EventAnalyzer(EventParser parser, Map<String, EventFormat> formats, AnalysisEngines engines,
                         ScoringPolicy policy, AlertDelivery delivery, DeadLetters dlq, PipelineStats stats) {
        this(parser, formats, engines, policy, delivery, dlq, stats, null);
    }

    /**
     * @param risk null = no entity risk; else every detection also goes to the detections topic and a record is
     *             done only once its detection is acknowledged too (docs/risk.md)
     */
    public EventAnalyzer(EventParser parser, Map<String, EventFormat> formats, AnalysisEngines engines,
                         ScoringPolicy policy, AlertDelivery delivery, DeadLetters dlq, PipelineStats stats,
                         DetectionPublisher risk) {
        this(parser, formats, engines, policy, delivery, dlq, stats, risk, null);
    }

    /** @param baseline null = no site baseline (docs/baseline.md); else shared by all workers, owned by the caller */
    public EventAnalyzer(EventParser parser, Map<String, EventFormat> formats, AnalysisEngines engines,
                         ScoringPolicy policy, AlertDelivery delivery, DeadLetters dlq, PipelineStats stats,
                         DetectionPublisher risk, BaselineStage baseline) {
        this.risk = risk;
        this.parser = parser;
        this.formats = Map.copyOf(formats);
        this.stages = new AnalysisStages(engines, policy, baseline);
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
        stats.shed.add(result.shed());
        for (int i = 0; i < n; i++) {
            Slot slot = slots.get(i);
            AnalysisStages.Outcome o = result.outcomes().get(i);
            if (o.failed()) {
                deadLetter(slot, o.errorClass(), o.failure());
            } else if (risk != null) {
                feedRisk(slot, events.get(i), o.sigma(), o.yara(), o.model(), o.alert().orElse(null), o.correlationHits());
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

    /**
     * With entity risk: the alert (if any, and unless quiet mode keeps it back) goes to delivery and its detection to
     * the detections topic; the slot is done when both are. A model score below the alert threshold but at least
     * {@code risk.model.min.score} becomes a risk-only detection, built through the fusion with the threshold at the
     * score so that time, CIM fields and id come out exactly as for any alert.
     */
    private void feedRisk(Slot slot, Event event, List<SigmaMatch> sigma, List<YaraMatch> yara, ModelDetection model,
                          Alert alert, List<Hit> hits) {
        Detection d = null;
        boolean alone = alert != null;
        if (risk.feedsRisk()) {
            if (alert != null) {
                alone = risk.deliversAlone(alert);
                d = Detection.of(alert, alone);
            } else if (model != null && model.score() >= risk.policy().modelMinScore()) {
                Optional<Alert> shadow = stages.engines().fusion().fuse(event, sigma, yara, new ModelDetection(model.name(),
                        model.version(), model.score(), model.score(), model.attributions()));
                if (shadow.isPresent()) {
                    Detection s = Detection.of(shadow.get(), false);
                    d = new Detection(s.alertId(), s.eventTimeMs(), s.signature(), s.sigma(), s.yara(), model.score(),
                            model.threshold(), s.tactics(), s.techniques(), s.src(), s.dest(), s.user(), s.fields(), false,
                            s.topic(), s.partition(), s.offset(), s.format(), s.eventKind());
                }
            }
        }
        if (!hits.isEmpty()) {
            // correlation rules count this event (also a generate:false base rule's match, which is no alert)
            d = d != null ? d.withHits(hits) : alert != null ? Detection.of(alert, true).withHits(hits)
                    : Detection.ofHits(event.origin(), event.format().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                    event.kind().name().toLowerCase(java.util.Locale.ROOT), hits);
        }
        if (d == null && !alone) {
            var r = slot.record();
            if (r != null && r.timestamp() > 0) {
                stats.latency.record(System.currentTimeMillis() - r.timestamp());
            }
            slot.markDone();
            return;
        }
        Slot joined = alone && d != null ? new JoinedSlot(slot, 2) : slot;
        if (alone) {
            stats.alert(alert);
            delivery.submit(joined, alert);
        } else if (risk.feedsRisk()) {
            stats.riskOnly.increment();
        }
        if (d != null) {
            risk.publish(d, joined::markDone);
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
