package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaMatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Drives a {@link CorrelationEngine} in memory: holds every group's state, the stream time (newest event time
 * seen), the deadlines of windows that evaluate on close, and the per-correlation cap on groups (the least recently
 * fed group goes first). Used by the offline scan and by tests; a Kafka Streams processor runs the same loop over
 * its state store. Not thread-safe: one thread owns a session.
 */
public final class CorrelationSession {

    private record Deadline(long at, String stateKey) {
    }

    private final CorrelationEngine engine;
    private final Map<String, LinkedHashMap<String, GroupState>> groups = new HashMap<>();
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>((a, b) -> a.at() != b.at()
            ? Long.compare(a.at(), b.at()) : a.stateKey().compareTo(b.stateKey()));
    private final Map<String, Long> scheduled = new HashMap<>();
    private long streamTime = Long.MIN_VALUE;
    private long hits, contributions, late, duplicates, ungrouped, evictedContributions, evictedGroups, matches;

    public CorrelationSession(CorrelationEngine engine) {
        this.engine = engine;
    }

    public CorrelationEngine engine() {
        return engine;
    }

    /**
     * Feeds one event's base-rule matches; returns the correlation matches that fired (including those only feeding
     * a chain: see {@link CorrelationMatch#analystFacing()}). Events without a time are the caller's to count.
     */
    public List<CorrelationMatch> accept(Event e, List<SigmaMatch> ms, String eventRef, long time) {
        List<CorrelationMatch> out = new ArrayList<>(0);
        for (SigmaMatch m : ms) {
            Hit h = engine.hit(m, e, eventRef, time);
            if (h != null) out.addAll(accept(h));
        }
        return out;
    }

    /** Feeds one hit. */
    public List<CorrelationMatch> accept(Hit hit) {
        List<CorrelationMatch> out = new ArrayList<>(0);
        if (!hit.derived()) {
            streamTime = Math.max(streamTime, hit.time());
        }
        process(hit, out);
        while (!deadlines.isEmpty() && deadlines.peek().at() <= streamTime) {
            Deadline d = deadlines.poll();
            Long at = scheduled.get(d.stateKey());
            if (at == null || at != d.at()) {
                continue; // superseded
            }
            scheduled.remove(d.stateKey());
            Step step = engine.advance(d.stateKey(), get(d.stateKey()), streamTime);
            put(d.stateKey(), step.state());
            step.matches().forEach(m -> emit(m, out));
        }
        return out;
    }

    /**
     * End of input: closes every window (children before parents, so chains complete) and drops all state. The
     * session can go on after it, as a new stream.
     */
    public List<CorrelationMatch> finish() {
        List<CorrelationMatch> out = new ArrayList<>();
        for (String ck : engine.correlationKeys()) {
            LinkedHashMap<String, GroupState> m = groups.get(ck);
            if (m == null) continue;
            for (String key : new ArrayList<>(m.keySet())) {
                Step step = engine.advance(key, m.get(key), Long.MAX_VALUE);
                put(key, step.state());
                step.matches().forEach(x -> emit(x, out));
            }
        }
        groups.clear();
        deadlines.clear();
        scheduled.clear();
        return out;
    }

    public long streamTime() {
        return streamTime;
    }

    public CorrelationCounters counters() {
        long g = 0, held = 0;
        for (var m : groups.values()) {
            g += m.size();
            for (GroupState s : m.values()) held += s.entries().size();
        }
        return new CorrelationCounters(hits, contributions, late, duplicates, ungrouped, evictedContributions,
                evictedGroups, matches, g, held);
    }

    private void process(Hit hit, List<CorrelationMatch> out) {
        hits++;
        List<Routed> routed = engine.route(hit);
        if (routed.isEmpty() && engine.references(hit.ruleKey())) {
            ungrouped++;
        }
        for (Routed r : routed) {
            String key = r.stateKey();
            Step step = engine.apply(r, get(key), streamTime, hit.derived());
            switch (step.outcome()) {
                case LATE -> late++;
                case DUPLICATE -> duplicates++;
                default -> contributions++;
            }
            evictedContributions += step.evicted();
            put(key, step.state());
            step.matches().forEach(m -> emit(m, out));
        }
    }

    private void emit(CorrelationMatch m, List<CorrelationMatch> out) {
        matches++;
        out.add(m);
        Hit chained = engine.chained(m);
        if (chained != null) {
            process(chained, out);
        }
    }

    private GroupState get(String key) {
        LinkedHashMap<String, GroupState> m = groups.get(CorrelationEngine.correlationKeyOf(key));
        return m == null ? null : m.get(key);
    }

    private void put(String key, GroupState s) {
        String ck = CorrelationEngine.correlationKeyOf(key);
        LinkedHashMap<String, GroupState> m = groups.computeIfAbsent(ck, k -> new LinkedHashMap<>(16, 0.75f, true));
        if (s == null) {
            m.remove(key);
            scheduled.remove(key);
            return;
        }
        if (!m.containsKey(key) && m.size() >= engine.options().maxGroupsPerCorrelation()) {
            String eldest = m.keySet().iterator().next();
            m.remove(eldest);
            scheduled.remove(eldest);
            evictedGroups++;
        }
        m.put(key, s);
        long at = engine.nextDeadline(key, s);
        Long cur = scheduled.get(key);
        if (at != Long.MAX_VALUE && (cur == null || cur != at)) {
            scheduled.put(key, at);
            deadlines.add(new Deadline(at, key));
        }
    }
}
