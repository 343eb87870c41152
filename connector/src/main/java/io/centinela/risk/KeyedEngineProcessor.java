package io.centinela.risk;

import io.centinela.alert.Alert;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link KeyedEngine} on one stream task: detections arrive keyed by the engine's key (the topology
 * re-partitioned them); state lives in {@code <name>-state} (key -> 8-byte due time + engine state) and timers in
 * {@code <name>-timers} (8-byte big-endian due time + key, so the store's byte order is due order); both stores are
 * logged to changelog topics, so a task that moves or loses its local directory restores them.
 *
 * <p>Event time: the task's stream time (newest detection or {@link KeyRouter} watermark seen) minus {@code graceMs}
 * is the watermark. A
 * detection at or before it is late: counted and dropped (it would change windows already evaluated). After every
 * detection, every timer due at or before the watermark fires {@link KeyedEngine#advance}, in due order.
 *
 * <p>Bounds: at most {@code maxKeys} keys per task; a new key beyond it evicts the key with the earliest timer (the
 * least recently active), counted. Thread ownership: the task's stream thread only; counters go to the shared
 * {@link KeyedStateStats} as deltas and are taken back on close (the task may move to another instance).
 */
final class KeyedEngineProcessor<S> implements Processor<String, Detection, String, Alert> {

    /** Timers fired per detection at most: a long idle gap then a burst must not stall the thread. */
    static final int MAX_TIMERS_PER_RECORD = 10_000;

    private final KeyedEngine<S> engine;
    private final long graceMs;
    private final int maxKeys;
    private final KeyedStateStats stats;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, byte[]> states;
    private KeyValueStore<Bytes, byte[]> timers;
    private long localKeys;
    private long localBytes;
    /** At most the earliest due in the timer store (may be stale-low after deletes): skips the scan per record. */
    private long earliestDue = Long.MIN_VALUE;

    KeyedEngineProcessor(KeyedEngine<S> engine, long graceMs, int maxKeys, KeyedStateStats stats) {
        this.engine = engine;
        this.graceMs = graceMs;
        this.maxKeys = maxKeys;
        this.stats = stats;
    }

    static String stateStore(String name) {
        return name + "-state";
    }

    static String timerStore(String name) {
        return name + "-timers";
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        this.states = context.getStateStore(stateStore(engine.name()));
        this.timers = context.getStateStore(timerStore(engine.name()));
        // Called after restoration: count what the restored store holds.
        try (KeyValueIterator<String, byte[]> it = states.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                localKeys++;
                localBytes += size(kv.key, kv.value);
            }
        }
        stats.keys.add(localKeys);
        stats.stateBytes.add(localBytes);
    }

    @Override
    public void process(Record<String, Detection> record) {
        long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
        long watermark = streamTime == Long.MIN_VALUE ? Long.MIN_VALUE : streamTime - graceMs;
        Detection d = record.value();
        String key = record.key();
        if (d == null || key == null) {
            return;
        }
        if (KeyRouter.isWatermark(d)) {
            // event time of the whole detections log moved on: only timers to fire
        } else if (d.eventTimeMs() <= watermark) {
            stats.detections.increment();
            stats.late.increment();
        } else {
            stats.detections.increment();
            byte[] old = states.get(key);
            if (old == null && localKeys >= maxKeys) {
                evictOldest();
            }
            KeyedEngine.Step<S> step = engine.add(key, old == null ? null : engine.decode(state(old)), d);
            stats.capped.add(step.dropped());
            apply(key, old, step);
        }
        fireTimers(watermark);
    }

    private void fireTimers(long watermark) {
        if (watermark < earliestDue) {
            return;
        }
        List<Bytes> due = new ArrayList<>();
        long next = KeyedEngine.NEVER;
        try (KeyValueIterator<Bytes, byte[]> it = timers.all()) {
            while (it.hasNext() && due.size() < MAX_TIMERS_PER_RECORD) {
                Bytes t = it.next().key;
                long at = ByteBuffer.wrap(t.get()).getLong();
                if (at > watermark) {
                    next = at;
                    break;
                }
                due.add(t);
            }
        }
        // the first timer not due is the earliest left; rescheduled ones below lower it again via apply()
        earliestDue = due.size() >= MAX_TIMERS_PER_RECORD ? Long.MIN_VALUE : next;
        for (Bytes t : due) {
            String key = new String(t.get(), 8, t.get().length - 8, StandardCharsets.UTF_8);
            byte[] old = states.get(key);
            if (old == null) {
                timers.delete(t); // stale
                continue;
            }
            apply(key, old, engine.advance(key, engine.decode(state(old)), watermark));
        }
    }

    private void apply(String key, byte[] old, KeyedEngine.Step<S> step) {
        long oldDue = old == null ? KeyedEngine.NEVER : ByteBuffer.wrap(old).getLong();
        if (step.state() == null) {
            if (old != null) {
                states.delete(key);
                changeCounts(-1, -size(key, old));
            }
        } else {
            byte[] body = engine.encode(step.state());
            byte[] value = ByteBuffer.allocate(8 + body.length).putLong(step.due()).put(body).array();
            states.put(key, value);
            changeCounts(old == null ? 1 : 0, size(key, value) - (old == null ? 0 : size(key, old)));
        }
        long newDue = step.state() == null ? KeyedEngine.NEVER : step.due();
        if (oldDue != newDue || step.state() == null) {
            if (oldDue != KeyedEngine.NEVER) {
                timers.delete(timerKey(oldDue, key));
            }
            if (newDue != KeyedEngine.NEVER) {
                timers.put(timerKey(newDue, key), new byte[0]);
                earliestDue = Math.min(earliestDue, newDue);
            }
        }
        for (Alert a : step.alerts()) {
            stats.alerts.increment();
            context.forward(new Record<>(a.alertId(), a, context.currentSystemTimeMs()));
        }
    }

    private void evictOldest() {
        Bytes first = null;
        try (KeyValueIterator<Bytes, byte[]> it = timers.all()) {
            if (it.hasNext()) {
                first = it.next().key;
            }
        }
        if (first == null) {
            return;
        }
        String key = new String(first.get(), 8, first.get().length - 8, StandardCharsets.UTF_8);
        byte[] old = states.get(key);
        timers.delete(first);
        if (old != null) {
            states.delete(key);
            changeCounts(-1, -size(key, old));
        }
        stats.evicted.increment();
    }

    private void changeCounts(long keys, long bytes) {
        localKeys += keys;
        localBytes += bytes;
        stats.keys.add(keys);
        stats.stateBytes.add(bytes);
    }

    private static long size(String key, byte[] value) {
        return key.length() + value.length;
    }

    private static byte[] state(byte[] value) {
        return java.util.Arrays.copyOfRange(value, 8, value.length);
    }

    static Bytes timerKey(long due, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(8 + k.length).putLong(due).put(k).array());
    }

    @Override
    public void close() {
        stats.keys.add(-localKeys);
        stats.stateBytes.add(-localBytes);
        localKeys = 0;
        localBytes = 0;
    }
}
