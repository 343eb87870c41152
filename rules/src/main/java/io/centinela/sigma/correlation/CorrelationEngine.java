package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sigma correlation rules over a stream of rule matches, in event time. The one public door of this package.
 *
 * <p>Pure and deterministic: the engine holds only compiled rules; all state is the caller's {@link GroupState},
 * one per correlation and group ({@link Routed#stateKey()}). A driver does, per hit:
 * {@link #route} -> for each {@link Routed}: {@link #apply} with that key's state -> store the new state (delete on
 * null) -> emit the matches -> feed {@link #chained} hits of those matches back in (correlations of correlations).
 * As the stream time grows it calls {@link #advance} for keys whose {@link #nextDeadline} has passed (windows that
 * evaluate on close; expiry). {@link CorrelationSession} is that driver in memory; a Kafka Streams processor is the
 * same loop over a key-value store. Immutable; thread-safe.
 */
public final class CorrelationEngine {

    /** Fields that tell an analyst what an event was, added to excerpts after the matched and grouped ones. */
    private static final List<String> CONTEXT = List.of("Computer", "TargetUserName", "SubjectUserName", "IpAddress",
            "ServiceName", "ImagePath", "Image", "CommandLine", "ShareName", "RelativeTargetName", "TargetObject");

    private final CorrelationOptions options;
    private final Map<String, CompiledCorrelation> byKey;
    private final Map<String, CompiledCorrelation> byRuleId;
    private final Map<String, List<int[]>> routes;      // rule key -> (correlation index, slot)
    private final List<CompiledCorrelation> list;
    private final Map<String, Set<String>> fieldsByRule;
    private final Set<String> suppressedBase;            // base rules that only feed generate:false correlations
    private final List<FileReport> problems;
    private final Map<String, String> chainOf;            // correlation key -> its chain's first key (chains only)

    private CorrelationEngine(CorrelationOptions options, List<CompiledCorrelation> list, Set<String> suppressedBase,
                              List<FileReport> problems) {
        this.options = options;
        this.list = List.copyOf(list);
        Map<String, CompiledCorrelation> keys = new LinkedHashMap<>();
        Map<String, List<int[]>> r = new LinkedHashMap<>();
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (int ci = 0; ci < list.size(); ci++) {
            CompiledCorrelation cc = list.get(ci);
            keys.put(cc.key(), cc);
            for (int s = 0; s < cc.slotKeys().size(); s++) {
                String rk = cc.slotKeys().get(s);
                r.computeIfAbsent(rk, k -> new ArrayList<>()).add(new int[] {ci, s});
                Set<String> f = fields.computeIfAbsent(rk, k -> new LinkedHashSet<>());
                Collections.addAll(f, cc.groupFields()[s]);
                Collections.addAll(f, cc.valueFields()[s]);
            }
        }
        this.byKey = Map.copyOf(keys);
        Map<String, CompiledCorrelation> ids = new LinkedHashMap<>();
        list.forEach(cc -> ids.putIfAbsent(cc.ruleId(), cc));
        this.byRuleId = Map.copyOf(ids);
        this.routes = Map.copyOf(r);
        Map<String, Set<String>> frozen = new LinkedHashMap<>();
        fields.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        this.fieldsByRule = Map.copyOf(frozen);
        this.suppressedBase = Set.copyOf(suppressedBase);
        this.problems = List.copyOf(problems);
        // Correlations linked by references (a correlation of correlations) form a chain: union-find over the links.
        Map<String, String> parent = new LinkedHashMap<>();
        for (CompiledCorrelation cc : list) {
            for (String rk : cc.slotKeys()) {
                if (keys.containsKey(rk)) {
                    parent.putIfAbsent(cc.key(), cc.key());
                    parent.putIfAbsent(rk, rk);
                    String a = find(parent, cc.key()), b = find(parent, rk);
                    if (!a.equals(b)) parent.put(a.compareTo(b) < 0 ? b : a, a.compareTo(b) < 0 ? a : b);
                }
            }
        }
        Map<String, String> chains = new LinkedHashMap<>();
        parent.keySet().forEach(k -> chains.put(k, find(parent, k)));
        this.chainOf = Map.copyOf(chains);
    }

    private static String find(Map<String, String> parent, String k) {
        String p = parent.get(k);
        while (!p.equals(k)) {
            k = p;
            p = parent.get(k);
        }
        return k;
    }

    /**
     * The key a keyed stream partitions a routed hit by: its {@link Routed#stateKey()} (one correlation, one group)
     * unless the correlation is part of a chain (it references, or is referenced by, another correlation); then
     * {@code chain:<key>} for the whole chain, so a match and the correlation it feeds are on one task and the chain
     * runs exactly as {@link CorrelationSession} runs it.
     */
    public String partitionKey(Routed r) {
        String chain = chainOf.get(r.correlationKey());
        return chain == null ? r.stateKey() : "chain:" + chain;
    }

    /** The state key's correlation key (see {@link Routed#stateKey()}). */
    public static String correlationOf(String stateKey) {
        return correlationKeyOf(stateKey);
    }

    /** Compiles the correlations of a loaded rule set; those it cannot evaluate are listed in {@link #problems()}. */
    public static CorrelationEngine build(LoadResult loaded, CorrelationOptions options) {
        return build(loaded.rules(), loaded.correlations(), options);
    }

    public static CorrelationEngine build(List<SigmaRule> rules, List<SigmaCorrelation> correlations,
                                          CorrelationOptions options) {
        CorrelationCompiler.Compiled c = new CorrelationCompiler(rules, correlations, options).compile();
        return new CorrelationEngine(options, c.correlations(), c.suppressedBase(), c.problems());
    }

    /** The same compiled correlations with another grace period (a stream's own, from its configuration). */
    public CorrelationEngine withGrace(java.time.Duration grace) {
        return new CorrelationEngine(options.withGrace(grace), list, suppressedBase, problems);
    }

    /** Correlations refused here (unknown or ambiguous reference, cycle, a condition beyond the per-group cap). */
    public List<FileReport> problems() {
        return problems;
    }

    public int correlationCount() {
        return list.size();
    }

    public CorrelationOptions options() {
        return options;
    }

    /** The key a base rule's match is routed by: its id, else {@code title:<title>}. */
    public static String ruleKey(SigmaMatch m) {
        return m.id() == null || m.id().isEmpty() ? "title:" + m.title() : m.id();
    }

    /**
     * Whether a base rule's match is also an alert of its own ({@code generate}): false only when every correlation
     * referencing the rule says {@code generate: false} (the specification's default).
     */
    public boolean standalone(SigmaMatch m) {
        return !suppressedBase.contains(ruleKey(m));
    }

    /** True when some correlation counts this rule's (or correlation's) matches. */
    public boolean references(String ruleKey) {
        return routes.containsKey(ruleKey);
    }

    /** The fields of an event matched by this rule that the correlations read (for compact detection records). */
    public Set<String> fieldsFor(String ruleKey) {
        return fieldsByRule.getOrDefault(ruleKey, Set.of());
    }

    /**
     * The hit of a base rule's match on an event, holding only the fields correlations need and an excerpt (EventID,
     * the fields that satisfied the rule, those fields, then a few context fields such as Computer, ServiceName,
     * CommandLine), or null when no correlation references the rule.
     */
    public Hit hit(SigmaMatch m, Event e, String eventRef, long time) {
        String key = ruleKey(m);
        if (!routes.containsKey(key)) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String f : fieldsFor(key)) {
            String v = e.field(f);
            if (v != null) fields.put(f, v);
        }
        StringBuilder sb = new StringBuilder();
        String eid = e.field("EventID");
        if (eid != null) sb.append("EventID=").append(eid);
        Map<String, String> shown = new LinkedHashMap<>(new java.util.TreeMap<>(m.matchedFields()));
        fields.forEach(shown::putIfAbsent);
        for (String f : CONTEXT) {
            String v = e.field(f);
            if (v != null) shown.putIfAbsent(f, v);
        }
        shown.remove("EventID");
        for (var f : shown.entrySet()) {
            if (sb.length() >= options.excerptChars()) break;
            if (sb.length() > 0) sb.append(' ');
            sb.append(f.getKey()).append('=').append(f.getValue());
        }
        return new Hit(key, time, eventRef, fields, cap(sb.toString()), false);
    }

    /** Routes a hit to every (correlation, group) it feeds; a hit lacking a group-by field feeds nothing there. */
    public List<Routed> route(Hit hit) {
        List<int[]> targets = routes.get(hit.ruleKey());
        if (targets == null) {
            return List.of();
        }
        List<Routed> out = new ArrayList<>(targets.size());
        outer:
        for (int[] t : targets) {
            CompiledCorrelation cc = list.get(t[0]);
            int slot = t[1];
            String[] gf = cc.groupFields()[slot];
            List<String> group = new ArrayList<>(gf.length);
            for (String f : gf) {
                String v = hit.fields().get(f);
                if (v == null) continue outer;
                group.add(v);
            }
            String[] vf = cc.valueFields()[slot];
            String value = null;
            if (vf.length > 0) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < vf.length; i++) {
                    String v = hit.fields().get(vf[i]);
                    if (v == null) {
                        sb = null;
                        break;
                    }
                    if (i > 0) sb.append('\u001f');
                    sb.append(v);
                }
                value = sb == null ? null : sb.toString();
            }
            out.add(new Routed(cc.key(), group, new Contribution(hit.time(), hit.eventRef(), slot, value,
                    hit.excerpt())));
        }
        return out;
    }

    /**
     * Feeds one routed contribution to its group's state ({@code null} for a new group). {@code streamTime} is the
     * newest event time the driver has seen (including this hit); it decides lateness and which windows closed.
     * {@code derived} hits ({@link Hit#derived()}) skip the lateness check.
     */
    public Step apply(Routed r, GroupState state, long streamTime, boolean derived) {
        CompiledCorrelation cc = correlation(r.correlationKey());
        return GroupWindows.apply(cc, options, r.groupValues(), state, r.contribution(), streamTime, derived);
    }

    /** Evaluates windows that closed by {@code streamTime} and expires old hits ({@link Long#MAX_VALUE}: end of input). */
    public Step advance(String stateKey, GroupState state, long streamTime) {
        if (state == null) {
            return new Step(null, List.of(), Step.Outcome.ADVANCED, 0);
        }
        CompiledCorrelation cc = correlation(correlationKeyOf(stateKey));
        return GroupWindows.advance(cc, options, groupValuesOf(cc, stateKey), state, streamTime);
    }

    /** The stream time from which {@link #advance} has work for this state; {@link Long#MAX_VALUE} for none. */
    public long nextDeadline(String stateKey, GroupState state) {
        return GroupWindows.nextDeadline(correlation(correlationKeyOf(stateKey)), options, state);
    }

    /**
     * The hit a correlation match feeds to the correlations that reference it (its group-by values as fields, time of
     * its last event), or null when none does.
     */
    public Hit chained(CorrelationMatch m) {
        CompiledCorrelation cc = byRuleId.get(m.ruleId());
        if (cc == null || !routes.containsKey(cc.key())) {
            return null;
        }
        String excerpt = cap(m.title() + " " + m.groupBy() + " " + m.type() + "=" + formatValue(m.value()));
        return new Hit(cc.key(), m.lastEventTime(), "correlation:" + m.id(), m.groupBy(), excerpt, true);
    }

    /** The correlation keys (id, else {@code name:}/{@code title:}) in load order. */
    public List<String> correlationKeys() {
        return list.stream().map(CompiledCorrelation::key).toList();
    }

    CompiledCorrelation correlation(String key) {
        CompiledCorrelation cc = byKey.get(key);
        if (cc == null) {
            throw new IllegalArgumentException("no such correlation: " + key);
        }
        return cc;
    }

    static String correlationKeyOf(String stateKey) {
        int i = stateKey.indexOf('\u0000');
        if (i < 0) {
            throw new IllegalArgumentException("not a correlation state key: " + stateKey);
        }
        return stateKey.substring(0, i);
    }

    private static List<String> groupValuesOf(CompiledCorrelation cc, String stateKey) {
        if (cc.source().groupBy().isEmpty()) {
            return List.of();
        }
        return List.of(stateKey.substring(stateKey.indexOf('\u0000') + 1).split("\u001f", -1));
    }

    private String cap(String s) {
        return s.length() <= options.excerptChars() ? s : s.substring(0, options.excerptChars() - 1) + "\u2026";
    }

    private static String formatValue(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
