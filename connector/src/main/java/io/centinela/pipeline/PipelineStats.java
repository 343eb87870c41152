package io.centinela.pipeline;

import io.centinela.alert.Alert;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters the terminal summary, the heartbeat and Micrometer read. Thread-safe. */
public final class PipelineStats {

    public final LongAdder events = new LongAdder();
    public final LongAdder alerts = new LongAdder();
    public final LongAdder alertsDelivered = new LongAdder();
    public final LongAdder deadLettered = new LongAdder();
    public final LongAdder scored = new LongAdder();
    public final LongAdder unscored = new LongAdder();
    /**
     * Of the unscored: events the model could have scored but did not (left out by the scoring policy's kinds or
     * budget, or their chunk's scoring failed); 0 without a model. scored + shed = parsed events whose rules ran.
     */
    public final LongAdder shed = new LongAdder();
    /** Detections that fed entity risk only, without an alert of their own (risk.mode quiet, sub-threshold model). */
    public final LongAdder riskOnly = new LongAdder();
    /** Risk alerts read from the risk alert topic and handed to delivery. */
    public final LongAdder riskAlerts = new LongAdder();
    public final LatencyRecorder latency = new LatencyRecorder();
    private final Map<String, LongAdder> bySeverity = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> bySource = new ConcurrentHashMap<>();
    private volatile long consumerLag;

    public void alert(Alert a) {
        alerts.increment();
        bySeverity.computeIfAbsent(a.severity().cimName(), k -> new LongAdder()).increment();
        for (String s : a.detectionSources()) {
            bySource.computeIfAbsent(s, k -> new LongAdder()).increment();
        }
    }

    public Map<String, Long> alertsBySeverity() {
        Map<String, Long> m = new TreeMap<>();
        bySeverity.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public Map<String, Long> alertsBySource() {
        Map<String, Long> m = new TreeMap<>();
        bySource.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long consumerLag() {
        return consumerLag;
    }

    public void consumerLag(long lag) {
        consumerLag = lag;
    }
}
