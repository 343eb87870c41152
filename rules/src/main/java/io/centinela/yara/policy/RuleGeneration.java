package io.centinela.yara.policy;

import io.centinela.yara.CompiledRules;
import io.centinela.yara.RuleCost;
import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.RuleSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * One loaded version of the rule set, split by {@link RuleGroup}. Replaced as a whole on reload; closing it drops
 * the owner reference of each group's rules (scanners still using them keep them alive until they move on).
 *
 * <p>Quarantine: rules above the cost bound stay compiled but disabled. One found when a scan times out is
 * quarantined by installing a new copy of its group ({@link #replaceGroup}); scanners move to it before their
 * next scan, as after a reload. Group slots and the quarantine list are the only mutable state (thread-safe).
 */
public final class RuleGeneration implements AutoCloseable {

    // Fixed keys; the slot of a group is swapped when a rule is quarantined at run time (read lock-free per scan).
    private final Map<RuleGroup, AtomicReference<CompiledRules>> groups;
    private final Map<RuleGroup, List<RuleSource>> sources;
    private final List<CompileDiagnostic> diagnostics;
    private final List<String> rejected;
    private final List<RuleCost> quarantined;
    private final long version;
    private final String hash;
    private boolean closed;

    public RuleGeneration(Map<RuleGroup, CompiledRules> groups, List<CompileDiagnostic> diagnostics,
                          List<String> rejected, long version) {
        this(groups, Map.of(), diagnostics, rejected, List.of(), version);
    }

    /**
     * @param sources     each group's rule sources (what a group is recompiled from to quarantine at run time)
     * @param quarantined rules disabled at load because their cost was above the bound
     */
    public RuleGeneration(Map<RuleGroup, CompiledRules> groups, Map<RuleGroup, List<RuleSource>> sources,
                          List<CompileDiagnostic> diagnostics, List<String> rejected, List<RuleCost> quarantined,
                          long version) {
        for (RuleGroup g : RuleGroup.values()) {
            if (!groups.containsKey(g)) {
                throw new IllegalArgumentException("rule generation lacks group " + g + " (use an empty set)");
            }
        }
        this.groups = new EnumMap<>(RuleGroup.class);
        groups.forEach((g, r) -> this.groups.put(g, new AtomicReference<>(r)));
        this.sources = new EnumMap<>(RuleGroup.class);
        for (RuleGroup g : RuleGroup.values()) {
            this.sources.put(g, List.copyOf(sources.getOrDefault(g, List.of())));
        }
        this.diagnostics = List.copyOf(diagnostics);
        this.rejected = List.copyOf(rejected);
        this.quarantined = new CopyOnWriteArrayList<>(quarantined);
        this.version = version;
        this.hash = hash(this.sources);
    }

    /** The group's rules (an empty set when no rule file falls into it). */
    public CompiledRules group(RuleGroup group) {
        return groups.get(group).get();
    }

    public Map<RuleGroup, CompiledRules> groups() {
        Map<RuleGroup, CompiledRules> out = new EnumMap<>(RuleGroup.class);
        groups.forEach((g, r) -> out.put(g, r.get()));
        return Map.copyOf(out);
    }

    /** The sources the group was compiled from. */
    public List<RuleSource> sources(RuleGroup group) {
        return sources.get(group);
    }

    /** Rules in use: compiled, less the quarantined ones. */
    public synchronized int ruleCount() {
        return groups.values().stream().mapToInt(r -> r.get().ruleCount()).sum() - quarantined.size();
    }

    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }

    public List<CompileDiagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    /** Rule files left out because they did not compile. */
    public List<String> rejected() {
        return rejected;
    }

    /** Rules not used for scanning because of their measured cost (at load, or after a scan timed out). */
    public List<RuleCost> quarantined() {
        return List.copyOf(quarantined);
    }

    public Set<String> quarantinedNames() {
        return quarantined.stream().map(RuleCost::rule).collect(Collectors.toUnmodifiableSet());
    }

    public long version() {
        return version;
    }

    /** SHA-256 (first 12 hex digits) of every source's origin, namespace and bytes: names the rule set in logs. */
    public String hash() {
        return hash;
    }

    /** {@code v3 sha256:0123456789ab}. */
    public String describe() {
        return "v" + version + " sha256:" + hash;
    }

    /**
     * Installs {@code next} as the group's rules and records {@code more} as quarantined, when the group still
     * holds {@code expected}; the old rules are freed once no scanner uses them. False (nothing changed, the
     * caller keeps {@code next}) when the group was replaced meanwhile or the generation is closed.
     */
    public synchronized boolean replaceGroup(RuleGroup group, CompiledRules expected, CompiledRules next,
                                             List<RuleCost> more) {
        if (closed || !groups.get(group).compareAndSet(expected, next)) {
            return false;
        }
        quarantined.addAll(more);
        expected.close();
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        groups.values().forEach(r -> r.get().close());
    }

    private static String hash(Map<RuleGroup, List<RuleSource>> sources) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (List<RuleSource> list : sources.values()) {
                for (RuleSource s : list) {
                    md.update(s.origin().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(s.namespace().getBytes(StandardCharsets.UTF_8));
                    md.update((byte) 0);
                    md.update(s.text());
                    md.update((byte) 0);
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
