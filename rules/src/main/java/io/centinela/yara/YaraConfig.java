package io.centinela.yara;

import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.policy.ScanPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What the YARA engine loads and how it scans.
 *
 * @param ruleDirs        rule files or folders (*.yar, *.yara) besides the bundled rules
 * @param bundledRules    also load the project's own rules (classpath {@code yara/})
 * @param namespaces      one namespace per file (default) or per folder
 * @param strict          refuse the whole rule set when any file has an error (default: report it, load the rest)
 * @param externals       external variables declared at compile time, with defaults ({@code event_type} is
 *                        declared by default; the scanner sets it per buffer)
 * @param limits          timeout, byte cap per field, excerpt and match caps
 * @param policy          which fields of which events are scanned
 * @param ruleCostMaxMillis a rule whose own cost on a probe buffer is above this (ms) is quarantined at load, or
 *                        when a scan times out on an event (strict mode refuses the set at load instead)
 */
public record YaraConfig(List<Path> ruleDirs, boolean bundledRules, RuleFiles.NamespaceMode namespaces, boolean strict,
                         List<ExternalVariable> externals, ScanLimits limits, ScanPolicy policy,
                         int ruleCostMaxMillis) {

    /** Default {@link #ruleCostMaxMillis}: 1,000x what a typical rule costs on 64 KiB, 1/50 of the scan timeout. */
    public static final int DEFAULT_RULE_COST_MAX_MILLIS = 100;

    public YaraConfig {
        ruleDirs = List.copyOf(ruleDirs);
        Objects.requireNonNull(namespaces, "namespaces");
        externals = List.copyOf(externals);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        if (ruleCostMaxMillis < 1) {
            throw new IllegalArgumentException("ruleCostMaxMillis must be >= 1, got " + ruleCostMaxMillis);
        }
    }

    public YaraConfig(List<Path> ruleDirs, boolean bundledRules, RuleFiles.NamespaceMode namespaces, boolean strict,
                      List<ExternalVariable> externals, ScanLimits limits, ScanPolicy policy) {
        this(ruleDirs, bundledRules, namespaces, strict, externals, limits, policy, DEFAULT_RULE_COST_MAX_MILLIS);
    }

    /** Bundled rules plus {@code ruleDirs}, default policy and limits, {@code event_type} declared. */
    public static YaraConfig defaults(List<Path> ruleDirs) {
        return new YaraConfig(ruleDirs, true, RuleFiles.NamespaceMode.PER_FILE, false,
                List.of(ExternalVariable.of("event_type", "")), ScanLimits.DEFAULT, ScanPolicy.defaults());
    }

    public YaraConfig withExternals(List<ExternalVariable> more) {
        List<ExternalVariable> all = new java.util.ArrayList<>(externals);
        for (ExternalVariable v : more) {
            all.removeIf(e -> e.name().equals(v.name()));
            all.add(v);
        }
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, all, limits, policy, ruleCostMaxMillis);
    }

    public YaraConfig withStrict(boolean strictMode) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strictMode, externals, limits, policy, ruleCostMaxMillis);
    }

    public YaraConfig withBundledRules(boolean bundled) {
        return new YaraConfig(ruleDirs, bundled, namespaces, strict, externals, limits, policy, ruleCostMaxMillis);
    }

    public YaraConfig withLimits(ScanLimits scanLimits) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, externals, scanLimits, policy, ruleCostMaxMillis);
    }

    public YaraConfig withRuleCostMaxMillis(int millis) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, externals, limits, policy, millis);
    }

    public YaraConfig withPolicy(ScanPolicy scanPolicy) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, externals, limits, scanPolicy, ruleCostMaxMillis);
    }
}
