package io.centinela.risk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.centinela.alert.Alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Entity risk as a {@link KeyedEngine}: keys are risk objects; each detection adds its points
 * ({@link RiskPolicy#points(Detection)}); windows slide over event time, one ending at every distinct detection time;
 * a window whose score reaches {@code risk.threshold}, or whose detections span {@code risk.tactics} distinct
 * ATT&CK tactics, raises one risk alert ({@link RiskAlerts}) and starts a quiet period of one window length for the
 * entity (docs/risk.md). Windows are evaluated only once event time (stream time minus grace) has passed their end,
 * so a detection that arrives out of order within the grace period lands in the windows it belongs to, and the
 * alerts do not depend on arrival order. Pure and immutable.
 */
final class RiskEngine implements KeyedEngine<RiskState> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final RiskPolicy policy;

    RiskEngine(RiskPolicy policy) {
        this.policy = policy;
    }

    RiskPolicy policy() {
        return policy;
    }

    @Override
    public String name() {
        return "risk";
    }

    @Override
    public List<String> keys(Detection d) {
        return RiskObjects.keys(d);
    }

    @Override
    public byte[] encode(RiskState state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public RiskState decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, RiskState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable risk state: " + e.getMessage(), e);
        }
    }

    @Override
    public Step<RiskState> add(String key, RiskState state, Detection d) {
        if (state == null) {
            state = new RiskState(RiskObjects.type(key), RiskObjects.original(d, key), List.of(), Long.MIN_VALUE,
                    Long.MIN_VALUE);
        }
        if (d.eventTimeMs() <= state.evaluatedUpTo()) {
            return new Step<>(state, List.of(), due(state), 1); // its windows are closed: late for this entity
        }
        for (Contribution c : state.contributions()) {
            if (c.alertId().equals(d.alertId())) {
                return new Step<>(state, List.of(), due(state), 0); // replayed after a restart: already counted
            }
        }
        List<Contribution> cs = new ArrayList<>(state.contributions());
        cs.add(Contribution.of(d, policy.points(d)));
        Collections.sort(cs);
        int dropped = 0;
        while (cs.size() > policy.maxDetectionsPerEntity()) {
            cs.remove(0); // the oldest: keeping the newest k is independent of arrival order
            dropped++;
        }
        RiskState next = new RiskState(state.type(), state.value(), cs, state.evaluatedUpTo(), state.quietUntil());
        return new Step<>(next, List.of(), due(next), dropped);
    }

    @Override
    public Step<RiskState> advance(String key, RiskState state, long upTo) {
        if (upTo <= state.evaluatedUpTo()) {
            return new Step<>(state, List.of(), due(state), 0);
        }
        List<Contribution> cs = state.contributions();
        List<Alert> alerts = new ArrayList<>();
        long quietUntil = state.quietUntil();
        long last = Long.MIN_VALUE;
        for (Contribution end : cs) {
            long t = end.timeMs();
            if (t == last || t <= state.evaluatedUpTo() || t > upTo) {
                continue;
            }
            last = t;
            if (t < quietUntil) {
                continue;
            }
            Window w = window(cs, t);
            boolean byScore = w.score >= policy.threshold();
            boolean byTactics = policy.tactics() > 0 && w.tactics.size() >= policy.tactics();
            if (byScore || byTactics) {
                alerts.add(RiskAlerts.build(policy, key, state, t, w.members, w.score, w.tactics, byScore, byTactics,
                        w.capped));
                quietUntil = t + policy.windowMs();
            }
        }
        long horizon = upTo - policy.windowMs();
        List<Contribution> kept = new ArrayList<>(cs.size());
        for (Contribution c : cs) {
            if (c.timeMs() > horizon) {
                kept.add(c);
            }
        }
        RiskState next = new RiskState(state.type(), state.value(), kept, upTo, quietUntil);
        if (kept.isEmpty() && quietUntil <= upTo) {
            return new Step<>(null, alerts, NEVER, 0);
        }
        return new Step<>(next, alerts, due(next), 0);
    }

    /** The window (t - window, t]: its members, score (repeats capped per signature) and tactics. */
    record Window(List<Contribution> members, int score, TreeSet<String> tactics, Map<String, Integer> capped) {
    }

    Window window(List<Contribution> cs, long t) {
        List<Contribution> members = new ArrayList<>();
        TreeSet<String> tactics = new TreeSet<>();
        Map<String, List<Integer>> bySignature = new HashMap<>();
        for (Contribution c : cs) {
            if (c.timeMs() > t - policy.windowMs() && c.timeMs() <= t) {
                members.add(c);
                tactics.addAll(c.tactics());
                bySignature.computeIfAbsent(c.signatureId(), k -> new ArrayList<>()).add(c.points());
            }
        }
        int score = 0;
        Map<String, Integer> capped = new java.util.TreeMap<>();
        for (var e : bySignature.entrySet()) {
            List<Integer> pts = e.getValue();
            pts.sort(Collections.reverseOrder());
            for (int i = 0; i < Math.min(pts.size(), policy.maxRepeatsPerSignature()); i++) {
                score += pts.get(i);
            }
            if (pts.size() > policy.maxRepeatsPerSignature()) {
                capped.put(e.getKey(), pts.size());
            }
        }
        return new Window(members, score, tactics, capped);
    }

    /** Next event time that needs an evaluation: the first unevaluated detection, an expiry, or the quiet end. */
    private long due(RiskState s) {
        long due = NEVER;
        for (Contribution c : s.contributions()) {
            if (c.timeMs() > s.evaluatedUpTo()) {
                due = Math.min(due, c.timeMs());
                break;
            }
        }
        if (!s.contributions().isEmpty()) {
            due = Math.min(due, s.contributions().get(0).timeMs() + policy.windowMs());
        }
        if (s.quietUntil() > s.evaluatedUpTo()) {
            due = Math.min(due, s.quietUntil());
        }
        return due;
    }
}
