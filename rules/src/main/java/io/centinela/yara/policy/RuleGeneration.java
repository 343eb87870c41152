package io.centinela.yara.policy;

import io.centinela.yara.CompiledRules;
import io.centinela.yara.compile.CompileDiagnostic;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One loaded version of the rule set, split by {@link RuleGroup}. Replaced as a whole on reload; closing it drops
 * the owner reference of each group's rules (scanners still using them keep them alive until they move on).
 */
public final class RuleGeneration implements AutoCloseable {

    private final Map<RuleGroup, CompiledRules> groups;
    private final List<CompileDiagnostic> diagnostics;
    private final List<String> rejected;
    private final long version;

    public RuleGeneration(Map<RuleGroup, CompiledRules> groups, List<CompileDiagnostic> diagnostics,
                          List<String> rejected, long version) {
        for (RuleGroup g : RuleGroup.values()) {
            if (!groups.containsKey(g)) {
                throw new IllegalArgumentException("rule generation lacks group " + g + " (use an empty set)");
            }
        }
        this.groups = new EnumMap<>(groups);
        this.diagnostics = List.copyOf(diagnostics);
        this.rejected = List.copyOf(rejected);
        this.version = version;
    }

    /** The group's rules (an empty set when no rule file falls into it). */
    public CompiledRules group(RuleGroup group) {
        return groups.get(group);
    }

    public Map<RuleGroup, CompiledRules> groups() {
        return Map.copyOf(groups);
    }

    public int ruleCount() {
        return groups.values().stream().mapToInt(CompiledRules::ruleCount).sum();
    }

    public List<CompileDiagnostic> diagnostics() {
        return diagnostics;
    }

    /** Rule files left out because they did not compile. */
    public List<String> rejected() {
        return rejected;
    }

    public long version() {
        return version;
    }

    @Override
    public void close() {
        groups.values().forEach(CompiledRules::close);
    }
}
