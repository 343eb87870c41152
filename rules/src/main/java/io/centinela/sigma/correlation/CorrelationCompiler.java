package io.centinela.sigma.correlation;

import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaCorrelation.Type;
import io.centinela.sigma.parse.SigmaRule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves correlation references (rule or correlation, by id or name), aliases per referenced rule, chains (no
 * cycles; a refused link refuses its parents), {@code generate} and the evaluation mode. Single use.
 */
final class CorrelationCompiler {

    /** Metrics that never shrink when a hit is added to a window (so a lower bound can be decided early). */
    private static final Set<Type> GROWING = EnumSet.of(Type.EVENT_COUNT, Type.VALUE_COUNT, Type.TEMPORAL,
            Type.TEMPORAL_ORDERED, Type.VALUE_SUM);

    record Compiled(List<CompiledCorrelation> correlations, Set<String> suppressedBase, List<FileReport> problems) {
    }

    /** What a reference in {@code rules} resolved to. */
    private record Target(String key, String id, String name, boolean correlation) {
    }

    private final List<SigmaRule> rules;
    private final List<SigmaCorrelation> correlations;
    private final CorrelationOptions options;
    private final Map<String, List<Target>> refs = new HashMap<>();
    private final Map<String, List<String>> ruleTags = new HashMap<>();

    CorrelationCompiler(List<SigmaRule> rules, List<SigmaCorrelation> correlations, CorrelationOptions options) {
        this.rules = rules;
        this.correlations = correlations;
        this.options = options;
    }

    static String key(SigmaCorrelation c) {
        return c.id() != null ? c.id() : c.name() != null ? "name:" + c.name() : "title:" + c.title();
    }

    static String key(SigmaRule r) {
        return r.id() != null ? r.id() : "title:" + r.title();
    }

    Compiled compile() {
        for (SigmaRule r : rules) {
            Target t = new Target(key(r), r.id(), r.name(), false);
            index(r.id(), t);
            index(r.name(), t);
            ruleTags.merge(t.key(), r.tags(), (a, b) -> union(a, b));
        }
        Map<String, SigmaCorrelation> corrByKey = new LinkedHashMap<>();
        Map<String, String> problem = new LinkedHashMap<>();
        List<FileReport> problems = new ArrayList<>();
        for (SigmaCorrelation c : correlations) {
            String k = key(c);
            if (corrByKey.containsKey(k)) {
                problems.add(refused(c, "duplicate correlation " + k));
                continue;
            }
            corrByKey.put(k, c);
            Target t = new Target(k, c.id(), c.name(), true);
            index(c.id(), t);
            index(c.name(), t);
        }
        Map<String, List<Target>> resolved = new LinkedHashMap<>();
        for (var e : corrByKey.entrySet()) {
            List<Target> ts = new ArrayList<>();
            for (String ref : e.getValue().rules()) {
                List<Target> found = refs.getOrDefault(ref, List.of());
                if (found.size() != 1) {
                    problem.putIfAbsent(e.getKey(), found.isEmpty() ? "unknown rule reference '" + ref + "'"
                            : "ambiguous rule reference '" + ref + "' (" + found.size() + " rules carry it)");
                    break;
                }
                ts.add(found.get(0));
            }
            resolved.put(e.getKey(), ts);
            String own = ts.size() == e.getValue().rules().size() ? check(e.getValue(), ts) : null;
            if (own != null) problem.putIfAbsent(e.getKey(), own);
        }
        // Chains: refuse cycles, then (to a fixed point) every correlation that references a refused one.
        for (String k : corrByKey.keySet()) {
            if (reaches(k, k, resolved, new HashSet<>())) problem.putIfAbsent(k, "correlation chain is a cycle");
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var e : resolved.entrySet()) {
                if (problem.containsKey(e.getKey())) continue;
                for (Target t : e.getValue()) {
                    if (t.correlation() && problem.containsKey(t.key())) {
                        problem.put(e.getKey(), "references refused correlation " + t.key());
                        changed = true;
                        break;
                    }
                }
            }
        }
        // generate: a referenced rule or correlation stands alone only if some correlation referencing it says so.
        Map<String, Boolean> standalone = new HashMap<>();
        for (var e : resolved.entrySet()) {
            if (problem.containsKey(e.getKey())) continue;
            boolean gen = corrByKey.get(e.getKey()).generate();
            for (Target t : e.getValue()) standalone.merge(t.key(), gen, Boolean::logicalOr);
        }
        Set<String> suppressedBase = new HashSet<>();
        standalone.forEach((k, gen) -> {
            if (!gen) suppressedBase.add(k);
        });
        Map<String, List<String>> baseTagMemo = new HashMap<>();
        List<CompiledCorrelation> out = new ArrayList<>();
        for (var e : corrByKey.entrySet()) {
            if (problem.containsKey(e.getKey())) continue;
            SigmaCorrelation c = e.getValue();
            List<Target> ts = resolved.get(e.getKey());
            out.add(compileOne(e.getKey(), c, ts, baseTags(e.getKey(), resolved, corrByKey, baseTagMemo),
                    !suppressedBase.contains(e.getKey())));
        }
        // Children before parents: a driver closing windows at the end of input closes a parent after every
        // correlation that feeds it.
        Map<String, Integer> depth = new HashMap<>();
        for (CompiledCorrelation cc : out) depth(cc.key(), resolved, depth);
        out.sort(java.util.Comparator.comparingInt(cc -> depth.get(cc.key())));
        problem.forEach((k, reason) -> problems.add(refused(corrByKey.get(k), reason)));
        return new Compiled(out, suppressedBase, problems);
    }

    private static FileReport refused(SigmaCorrelation c, String reason) {
        return new FileReport(c.file(), 0, "correlation", c.id(), c.title(), false, c.line(), reason);
    }

    /** Aliases must name referenced rules; a count must fit the per-group cap. */
    private String check(SigmaCorrelation c, List<Target> ts) {
        for (var alias : c.aliases().entrySet()) {
            for (String rule : alias.getValue().keySet()) {
                boolean known = c.rules().contains(rule) || ts.stream().anyMatch(t -> rule.equals(t.name()) || rule.equals(t.id()));
                if (!known) {
                    return "alias '" + alias.getKey() + "' names rule '" + rule + "' that the correlation does not reference";
                }
            }
        }
        if (c.type() == Type.EVENT_COUNT || c.type() == Type.VALUE_COUNT) {
            double need = Threshold.of(c.condition()).minimumNeeded();
            if (need > options.maxContributionsPerGroup()) {
                return c.type().yamlName() + " needs " + (long) need + " hits in a window, above the per-group cap of "
                        + options.maxContributionsPerGroup() + " (raise maxContributionsPerGroup)";
            }
        }
        return null;
    }

    private CompiledCorrelation compileOne(String key, SigmaCorrelation c, List<Target> ts, List<String> baseTags,
                                           boolean analystFacing) {
        Threshold th = Threshold.of(c.condition());
        if (th.isEmpty()) {
            th = Threshold.atLeast(ts.size()); // temporal without a condition: every rule in the window
        }
        boolean early = GROWING.contains(c.type()) && th.lowerBoundsOnly();
        List<String> valueNames = c.type() == Type.EVENT_COUNT || c.type() == Type.TEMPORAL
                || c.type() == Type.TEMPORAL_ORDERED ? List.of() : c.fields();
        String[][] group = new String[ts.size()][];
        String[][] values = new String[ts.size()][];
        for (int s = 0; s < ts.size(); s++) {
            group[s] = resolveFields(c, c.rules().get(s), ts.get(s), c.groupBy());
            values[s] = resolveFields(c, c.rules().get(s), ts.get(s), valueNames);
        }
        return new CompiledCorrelation(key, c, c.type(), c.timespan().toMillis(), th, early,
                ts.stream().map(Target::key).toList(), group, values, baseTags, analystFacing);
    }

    /**
     * Field names as one referenced rule's hits carry them: an alias maps (alias, rule name) -> field; the rule is
     * named as written in {@code rules}, or by its name or id.
     */
    private static String[] resolveFields(SigmaCorrelation c, String ref, Target t, List<String> names) {
        String[] out = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            Map<String, String> perRule = c.aliases().get(n);
            String f = null;
            if (perRule != null) {
                f = perRule.get(ref);
                if (f == null && t.name() != null) f = perRule.get(t.name());
                if (f == null && t.id() != null) f = perRule.get(t.id());
            }
            out[i] = f != null ? f : n;
        }
        return out;
    }

    private List<String> baseTags(String k, Map<String, List<Target>> resolved, Map<String, SigmaCorrelation> corr,
                                  Map<String, List<String>> memo) {
        List<String> m = memo.get(k);
        if (m != null) return m;
        Set<String> tags = new LinkedHashSet<>();
        for (Target t : resolved.getOrDefault(k, List.of())) {
            if (t.correlation()) {
                tags.addAll(corr.get(t.key()).tags());
                tags.addAll(baseTags(t.key(), resolved, corr, memo));
            } else {
                tags.addAll(ruleTags.getOrDefault(t.key(), List.of()));
            }
        }
        List<String> r = List.copyOf(tags);
        memo.put(k, r);
        return r;
    }

    private static int depth(String k, Map<String, List<Target>> g, Map<String, Integer> memo) {
        Integer d = memo.get(k);
        if (d != null) return d;
        int m = 0;
        for (Target t : g.getOrDefault(k, List.of())) {
            if (t.correlation()) m = Math.max(m, 1 + depth(t.key(), g, memo));
        }
        memo.put(k, m);
        return m;
    }

    private static boolean reaches(String from, String goal, Map<String, List<Target>> g, Set<String> seen) {
        for (Target t : g.getOrDefault(from, List.of())) {
            if (!t.correlation()) continue;
            if (t.key().equals(goal)) return true;
            if (seen.add(t.key()) && reaches(t.key(), goal, g, seen)) return true;
        }
        return false;
    }

    private void index(String ref, Target t) {
        if (ref == null) return;
        List<Target> l = refs.computeIfAbsent(ref, k -> new ArrayList<>());
        if (l.stream().noneMatch(x -> x.key().equals(t.key()))) l.add(t);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
