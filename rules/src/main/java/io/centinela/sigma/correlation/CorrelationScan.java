package io.centinela.sigma.correlation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.centinela.event.Event;
import io.centinela.event.EventTime;
import io.centinela.sigma.SigmaMatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;

/**
 * Correlation over a recorded file (the {@code sigma scan} command): hits wait in a reorder buffer until the newest
 * event time is a grace period past them and are then fed in event-time order, so a file whose events are out of
 * order by up to the grace period gives the same matches as a sorted one. Memory: the hits of one grace period plus
 * the session's capped state. Not thread-safe.
 */
public final class CorrelationScan {

    private static final Comparator<Hit> ORDER = Comparator.comparingLong(Hit::time).thenComparing(Hit::eventRef)
            .thenComparing(Hit::ruleKey);

    private final CorrelationEngine engine;
    private final CorrelationSession session;
    private final long graceMs;
    private final PriorityQueue<Hit> buffer = new PriorityQueue<>(ORDER);
    private long newest = Long.MIN_VALUE;
    private long withoutTime;

    public CorrelationScan(CorrelationEngine engine) {
        this.engine = engine;
        this.session = new CorrelationSession(engine);
        this.graceMs = engine.options().grace().toMillis();
    }

    /** Whether a base match is printed on its own ({@code generate}, see {@link CorrelationEngine#standalone}). */
    public boolean standalone(SigmaMatch m) {
        return engine.standalone(m);
    }

    /** Feeds one event's base matches (its ref is its origin key); returns correlation matches released so far. */
    public List<CorrelationMatch> accept(Event e, List<SigmaMatch> ms) {
        if (ms.isEmpty()) {
            return List.of();
        }
        OptionalLong t = EventTime.millis(e);
        List<Hit> hs = new ArrayList<>(ms.size());
        for (SigmaMatch m : ms) {
            if (!engine.references(CorrelationEngine.ruleKey(m))) continue;
            if (t.isEmpty()) {
                withoutTime++;
                continue;
            }
            Hit h = engine.hit(m, e, e.origin().key(), t.getAsLong());
            if (h != null) hs.add(h);
        }
        if (hs.isEmpty()) {
            return List.of();
        }
        buffer.addAll(hs);
        newest = Math.max(newest, t.getAsLong());
        List<CorrelationMatch> out = new ArrayList<>(0);
        while (!buffer.isEmpty() && buffer.peek().time() <= newest - graceMs) {
            out.addAll(session.accept(buffer.poll()));
        }
        return out;
    }

    /** End of the file: releases the buffer and closes every window. */
    public List<CorrelationMatch> finish() {
        List<CorrelationMatch> out = new ArrayList<>();
        while (!buffer.isEmpty()) {
            out.addAll(session.accept(buffer.poll()));
        }
        out.addAll(session.finish());
        return out;
    }

    /** Hits of referenced rules on events that carry no time (not correlated). */
    public long hitsWithoutTime() {
        return withoutTime;
    }

    public CorrelationCounters counters() {
        return session.counters();
    }

    /** One JSON line for a correlation match (the scan's output beside base matches). */
    public static ObjectNode toJson(CorrelationMatch m, ObjectMapper json) {
        ObjectNode o = json.createObjectNode();
        o.put("correlation_id", m.id());
        o.put("rule_id", m.ruleId());
        o.put("title", m.title());
        o.put("level", m.level());
        o.put("type", m.type());
        o.set("group_by", json.valueToTree(m.groupBy()));
        o.put("window_start", Instant.ofEpochMilli(m.windowStart()).toString());
        o.put("window_end", Instant.ofEpochMilli(m.windowEnd()).toString());
        o.put("value", m.value());
        o.put("condition", m.condition());
        o.put("event_count", m.eventCount());
        o.set("events", json.valueToTree(m.events()));
        o.set("excerpts", json.valueToTree(m.excerpts()));
        if (!m.values().isEmpty()) o.set("values", json.valueToTree(m.values()));
        o.set("tags", json.valueToTree(m.tags()));
        o.set("base_tags", json.valueToTree(m.baseTags()));
        o.set("attack_techniques", json.valueToTree(m.attackTechniques()));
        o.set("attack_tactics", json.valueToTree(m.attackTactics()));
        o.put("analyst_facing", m.analystFacing());
        return o;
    }
}
