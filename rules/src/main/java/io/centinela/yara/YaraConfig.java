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
 */
public record YaraConfig(List<Path> ruleDirs, boolean bundledRules, RuleFiles.NamespaceMode namespaces, boolean strict,
                         List<ExternalVariable> externals, ScanLimits limits, ScanPolicy policy) {

    public YaraConfig {
        ruleDirs = List.copyOf(ruleDirs);
        Objects.requireNonNull(namespaces, "namespaces");
        externals = List.copyOf(externals);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
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
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, all, limits, policy);
    }

    public YaraConfig withStrict(boolean strictMode) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strictMode, externals, limits, policy);
    }

    public YaraConfig withBundledRules(boolean bundled) {
        return new YaraConfig(ruleDirs, bundled, namespaces, strict, externals, limits, policy);
    }

    public YaraConfig withLimits(ScanLimits scanLimits) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, externals, scanLimits, policy);
    }

    public YaraConfig withPolicy(ScanPolicy scanPolicy) {
        return new YaraConfig(ruleDirs, bundledRules, namespaces, strict, externals, limits, scanPolicy);
    }
}
