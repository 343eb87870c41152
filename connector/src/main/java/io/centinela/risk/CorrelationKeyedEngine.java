package io.centinela.risk;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.centinela.alert.Alert;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationMatch;
import io.centinela.sigma.correlation.GroupState;
import io.centinela.sigma.correlation.Hit;
import io.centinela.sigma.correlation.Routed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sigma correlation rules as a {@link KeyedEngine}, the topology's second branch: keys are a correlation and its
 * group-by values ({@link CorrelationEngine#partitionKey}: a whole chain of correlations of correlations is one
 * {@code chain:} key, so a match feeds the correlation above it on the same task). Each key runs the same loop as
 * the offline {@code CorrelationSession} (route, apply, emit, feed chained matches back in; advance on timers), so
 * the matches and their ids are those {@code sigma scan} gives for the same events. Stream time here is the
 * processor's watermark plus the grace period; the processor drops late detections before they reach {@code add}.
 * Pure: all state is the key's {@link CorrelationState}.
 */
final class CorrelationKeyedEngine implements KeyedEngine<CorrelationState> {

    static final String NAME = "correlation";

    /**
     * Most contributions one key keeps over all its groups (a {@code chain:} key holds every group of its chain):
     * about 300 bytes each as JSON, so a key's value and its changelog record stay well under Kafka's 1 MiB
     * record limit. Beyond it whole groups go, least recently fed first (counted as capped).
     */
    static final int MAX_CONTRIBUTIONS_PER_KEY = 1500;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final CorrelationEngine engine;
    private final long graceMs;
    private final Map<String, Integer> order = new HashMap<>();
    private final Comparator<String> stateOrder;

    CorrelationKeyedEngine(CorrelationEngine engine) {
        this.engine = engine;
        this.graceMs = engine.options().grace().toMillis();
        List<String> keys = engine.correlationKeys();
        for (int i = 0; i < keys.size(); i++) {
            order.put(keys.get(i), i);
        }
        // children before parents (load order is dependency order), as the offline session closes them
        this.stateOrder = Comparator.<String>comparingInt(k -> order.getOrDefault(CorrelationEngine.correlationOf(k),
                Integer.MAX_VALUE)).thenComparing(Comparator.naturalOrder());
    }

    CorrelationEngine engine() {
        return engine;
    }

    long graceMs() {
        return graceMs;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> keys(Detection d) {
        if (d.hits().isEmpty()) {
            return List.of();
        }
        LinkedHashSet<String> keys = new LinkedHashSet<>();
        for (Hit h : d.hits()) {
            for (Routed r : engine.route(h)) {
                keys.add(engine.partitionKey(r));
            }
        }
        return List.copyOf(keys);
    }

    @Override
    public byte[] encode(CorrelationState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public CorrelationState decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, CorrelationState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable correlation state: " + e.getMessage(), e);
        }
    }

    @Override
    public KeyedEngine.Step<CorrelationState> add(String key, CorrelationState state, Detection d) {
        Run run = new Run(key, state);
        for (Hit h : d.hits()) {
            for (Routed r : engine.route(h)) {
                if (engine.partitionKey(r).equals(key)) {
                    run.apply(r, h.time(), false);
                }
            }
        }
        return run.done();
    }

    @Override
    public KeyedEngine.Step<CorrelationState> advance(String key, CorrelationState state, long upTo) {
        Run run = new Run(key, state);
        long streamTime = upTo > Long.MAX_VALUE - graceMs ? Long.MAX_VALUE : upTo + graceMs;
        List<String> keys = new ArrayList<>(run.groups.keySet());
        keys.sort(stateOrder);
        for (String sk : keys) {
            GroupState gs = run.groups.get(sk);
            if (gs != null && engine.nextDeadline(sk, gs) <= streamTime) {
                run.put(sk, engine.advance(sk, gs, streamTime), streamTime);
            }
        }
        return run.done();
    }

    /** Newest contribution time of a group (its last activity), for the per-key cap. */
    private static long lastActive(GroupState g) {
        return g.entries().isEmpty() ? g.lastFiredEnd() : g.entries().get(g.entries().size() - 1).time();
    }

    /** One call's work on one key: the groups as they change, the alerts and the cap evictions. */
    private final class Run {
        final String key;
        final Map<String, GroupState> groups;
        final List<Alert> alerts = new ArrayList<>(0);
        int evicted;

        Run(String key, CorrelationState state) {
            this.key = key;
            this.groups = state == null ? new TreeMap<>() : new TreeMap<>(state.groups());
        }

        /** Drops whole groups, least recently fed first (ties by key: deterministic), until the key is in bounds. */
        void capKey() {
            long total = 0;
            for (GroupState g : groups.values()) {
                total += Math.max(1, g.entries().size());
            }
            if (total <= MAX_CONTRIBUTIONS_PER_KEY) {
                return;
            }
            List<String> byAge = new ArrayList<>(groups.keySet());
            byAge.sort(Comparator.<String>comparingLong(k -> lastActive(groups.get(k))).thenComparing(Comparator.naturalOrder()));
            for (String k : byAge) {
                if (total <= MAX_CONTRIBUTIONS_PER_KEY) {
                    break;
                }
                int n = Math.max(1, groups.remove(k).entries().size());
                total -= n;
                evicted += n;
            }
        }

        void apply(Routed r, long streamTime, boolean derived) {
            String sk = r.stateKey();
            put(sk, engine.apply(r, groups.get(sk), streamTime, derived), streamTime);
        }

        void put(String sk, io.centinela.sigma.correlation.Step step, long streamTime) {
            evicted += step.evicted();
            if (step.state() == null) {
                groups.remove(sk);
            } else {
                groups.put(sk, step.state());
            }
            for (CorrelationMatch m : step.matches()) {
                if (m.analystFacing()) {
                    alerts.add(CorrelationAlerts.build(m, graceMs));
                }
                Hit chained = engine.chained(m);
                if (chained != null) {
                    for (Routed r : engine.route(chained)) {
                        if (engine.partitionKey(r).equals(key)) {
                            apply(r, streamTime, true);
                        }
                    }
                }
            }
        }

        KeyedEngine.Step<CorrelationState> done() {
            capKey();
            if (groups.isEmpty()) {
                return new KeyedEngine.Step<>(null, alerts, NEVER, evicted);
            }
            long due = NEVER;
            for (var e : groups.entrySet()) {
                long at = engine.nextDeadline(e.getKey(), e.getValue());
                if (at != Long.MAX_VALUE) {
                    due = Math.min(due, at - graceMs);
                }
            }
            return new KeyedEngine.Step<>(new CorrelationState(groups), alerts, due, evicted);
        }
    }
}
