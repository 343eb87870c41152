package io.centinela.risk;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the keyed-state processors of one engine, summed over the tasks this instance runs: tracked keys and
 * state bytes (what the stores hold now: the state-size metric), detections dropped as late, keys evicted by the
 * per-task cap, detections dropped by the per-key cap, alerts emitted. Thread-safe (stream threads add).
 */
public final class KeyedStateStats {

    final LongAdder keys = new LongAdder();
    final LongAdder stateBytes = new LongAdder();
    final LongAdder detections = new LongAdder();
    final LongAdder late = new LongAdder();
    final LongAdder evicted = new LongAdder();
    final LongAdder capped = new LongAdder();
    final LongAdder alerts = new LongAdder();

    public long keys() {
        return keys.sum();
    }

    public long stateBytes() {
        return stateBytes.sum();
    }

    public long detections() {
        return detections.sum();
    }

    public long late() {
        return late.sum();
    }

    public long evicted() {
        return evicted.sum();
    }

    public long capped() {
        return capped.sum();
    }

    public long alerts() {
        return alerts.sum();
    }

    @Override
    public String toString() {
        return "keys=" + keys() + " stateBytes=" + stateBytes() + " detections=" + detections() + " late=" + late()
                + " evicted=" + evicted() + " capped=" + capped() + " alerts=" + alerts();
    }
}
