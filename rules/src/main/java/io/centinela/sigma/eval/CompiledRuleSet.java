package io.centinela.sigma.eval;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.logsource.Gate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled Sigma rule set. Per event: EventID picks the candidate log-source gates (gates without an EventID
 * test are always checked), each passing gate yields its compiled rules, and each candidate runs its condition
 * over literal bits computed once per field by the shared automata. Immutable; thread-safe (per-thread scratch
 * state lives in a ThreadLocal).
 */
public final class CompiledRuleSet implements SigmaEvaluator {

    private final LiteralTables tables;
    private final CompiledRule[] units;
    private final int[] unitRule;
    private final int ruleCount;
    private final GateTest[] gateRest;   // each gate's test minus the EventID part the index already checked
    private final int[][] gateUnits;
    private final Map<String, int[]> gatesByEventId;
    private final int[] otherGates;
    private final ThreadLocal<Scratch> scratch;
    private final List<List<Gate>> unitGates; // full gates per unit, for the unindexed reference path

    /** Per-thread state: the event view, visit stamps and counters. */
    private final class Scratch {
        final EventView view = tables.newView();
        final int[] unitStamp = new int[units.length];
        final int[] ruleStamp = new int[ruleCount];
        int stamp;
        long events;
        long candidates;
    }

    /**
     * @param units     compiled rules (one per rule and field naming)
     * @param unitRule  for each unit, the index of its rule (0..ruleCount-1), used to report a rule once
     * @param gates     distinct gates
     * @param gateUnits for each gate, the units it admits
     */
    public CompiledRuleSet(LiteralTables tables, List<CompiledRule> units, int[] unitRule, int ruleCount,
                           List<Gate> gates, List<int[]> gateUnits) {
        this.tables = tables;
        this.units = units.toArray(new CompiledRule[0]);
        this.unitRule = unitRule.clone();
        this.ruleCount = ruleCount;
        this.gateRest = new GateTest[gates.size()];
        this.gateUnits = gateUnits.toArray(new int[0][]);
        Map<String, List<Integer>> byId = new HashMap<>();
        List<Integer> other = new ArrayList<>();
        for (int g = 0; g < gates.size(); g++) {
            Gate gate = gates.get(g);
            var ids = gate.eventIds();
            if (ids == null) {
                other.add(g);
                gateRest[g] = GateTest.of(gate, tables);
            } else {
                for (String id : ids) {
                    byId.computeIfAbsent(id, k -> new ArrayList<>()).add(g);
                }
                Map<String, java.util.Set<String>> rest = new HashMap<>(gate.fields());
                rest.remove("EventID");
                gateRest[g] = GateTest.of(new Gate(gate.kinds(), rest), tables);
            }
        }
        Map<String, int[]> idx = new HashMap<>();
        byId.forEach((k, v) -> idx.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.gatesByEventId = Map.copyOf(idx);
        this.otherGates = other.stream().mapToInt(Integer::intValue).toArray();
        tables.seal();
        this.scratch = ThreadLocal.withInitial(Scratch::new);
        List<List<Gate>> ug = new ArrayList<>();
        for (int u = 0; u < this.units.length; u++) {
            ug.add(new ArrayList<>());
        }
        for (int g = 0; g < gates.size(); g++) {
            for (int u : this.gateUnits[g]) {
                ug.get(u).add(gates.get(g));
            }
        }
        this.unitGates = ug;
    }

    @Override
    public List<SigmaMatch> evaluate(Event event) {
        Scratch s = scratch.get();
        s.view.reset(event);
        s.events++;
        if (++s.stamp == 0) {
            Arrays.fill(s.unitStamp, 0);
            Arrays.fill(s.ruleStamp, 0);
            s.stamp = 1;
        }
        List<SigmaMatch> out = null;
        String eid = event.field("EventID");
        int[] byId = eid == null ? null : gatesByEventId.get(eid.trim());
        if (byId != null) {
            out = runGates(byId, event, s, out);
        }
        out = runGates(otherGates, event, s, out);
        if (out == null) {
            return List.of();
        }
        return out;
    }

    private List<SigmaMatch> runGates(int[] gates, Event event, Scratch s, List<SigmaMatch> out) {
        for (int g : gates) {
            if (!gateRest[g].test(s.view)) {
                continue;
            }
            for (int u : gateUnits[g]) {
                if (s.unitStamp[u] == s.stamp) {
                    continue;
                }
                s.unitStamp[u] = s.stamp;
                int r = unitRule[u];
                if (s.ruleStamp[r] == s.stamp) {
                    continue;
                }
                s.candidates++;
                if (units[u].test(s.view)) {
                    s.ruleStamp[r] = s.stamp;
                    if (out == null) {
                        out = new ArrayList<>(2);
                    }
                    out.add(units[u].explain(s.view));
                }
            }
        }
        return out;
    }

    /**
     * Reference path for the benchmark: the same rules without the EventID index; every unit's gates are checked
     * one by one, as an engine without a log-source index would. Same results as {@link #evaluate}.
     */
    public List<SigmaMatch> evaluateUnindexed(Event event) {
        Scratch s = scratch.get();
        s.view.reset(event);
        if (++s.stamp == 0) {
            Arrays.fill(s.unitStamp, 0);
            Arrays.fill(s.ruleStamp, 0);
            s.stamp = 1;
        }
        List<SigmaMatch> out = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            int r = unitRule[u];
            if (s.ruleStamp[r] == s.stamp || !unitGates.get(u).stream().anyMatch(g -> g.test(event))) {
                continue;
            }
            if (units[u].test(s.view)) {
                s.ruleStamp[r] = s.stamp;
                out.add(units[u].explain(s.view));
            }
        }
        return out;
    }

    @Override
    public int ruleCount() {
        return ruleCount;
    }

    /** Counters of the calling thread: events evaluated, candidate rules evaluated, literal automaton scans. */
    public long[] threadCounters() {
        Scratch s = scratch.get();
        return new long[] {s.events, s.candidates, s.view.literalScans()};
    }

    public int gateCount() {
        return gateRest.length;
    }

    public int unitCount() {
        return units.length;
    }

    public int literalCount() {
        return tables.literalCount();
    }

    public int fieldCount() {
        return tables.fieldCount();
    }
}
