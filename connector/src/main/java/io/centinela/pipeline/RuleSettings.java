package io.centinela.pipeline;

import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.EventKind;
import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.ParsedRuleCache;
import io.centinela.sigma.logsource.LogSourceMapping;
import io.centinela.sigma.parse.SigmaSyntaxException;
import io.centinela.yara.ScanLimits;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.compile.ExternalVariable;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.policy.FieldSpec;
import io.centinela.yara.policy.ScanPolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.centinela.config.CentinelaConfig.RULES_BUILTIN;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_BUILTIN;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_CACHE_DIR;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_CACHE_ENABLED;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_DIRS;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_MAPPING_FILE;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_PLACEHOLDERS_FILE;
import static io.centinela.config.CentinelaConfig.RULES_YARA_BUILTIN;
import static io.centinela.config.CentinelaConfig.RULES_YARA_DIRS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_EXTERNALS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_FIELDS_EXTRA;
import static io.centinela.config.CentinelaConfig.RULES_YARA_NAMESPACES;
import static io.centinela.config.CentinelaConfig.RULES_YARA_SCAN_MAX_BYTES_PER_FIELD;
import static io.centinela.config.CentinelaConfig.RULES_YARA_SCAN_MAX_MATCHES;
import static io.centinela.config.CentinelaConfig.RULES_YARA_SCAN_TIMEOUT_SECONDS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_RULE_COST_MAX_MS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_STRICT;

/**
 * Which rules to load and how: the Sigma side (built-in rules, folders, placeholder and mapping files) and the
 * YARA side as a {@link YaraConfig} ({@code yara == null} = no YARA), and the parsed-rule cache's folder
 * ({@code sigmaCacheDir == null} = no cache). Built from {@code rules.*} config keys.
 */
public record RuleSettings(boolean sigmaBuiltin, List<Path> sigmaDirs, Path sigmaPlaceholders, Path sigmaMapping,
                           YaraConfig yara, Path sigmaCacheDir) {

    public RuleSettings {
        sigmaDirs = List.copyOf(sigmaDirs);
    }

    /** Without the parsed-rule cache. */
    public RuleSettings(boolean sigmaBuiltin, List<Path> sigmaDirs, Path sigmaPlaceholders, Path sigmaMapping,
                        YaraConfig yara) {
        this(sigmaBuiltin, sigmaDirs, sigmaPlaceholders, sigmaMapping, yara, null);
    }

    /** Built-in rules on/off for both engines, extra folders, everything else default. */
    public static RuleSettings of(boolean builtin, List<Path> sigmaDirs, List<Path> yaraDirs) {
        YaraConfig yara = !builtin && yaraDirs.isEmpty() ? null
                : YaraConfig.defaults(yaraDirs).withBundledRules(builtin);
        return new RuleSettings(builtin, sigmaDirs, null, null, yara);
    }

    /** The {@code rules.*} keys of a validated config. */
    public static RuleSettings from(CentinelaConfig cfg) {
        boolean builtin = cfg.bool(RULES_BUILTIN);
        boolean sigmaBuiltin = orDefault(cfg, RULES_SIGMA_BUILTIN, builtin);
        boolean yaraBuiltin = orDefault(cfg, RULES_YARA_BUILTIN, builtin);
        List<Path> yaraDirs = paths(cfg.list(RULES_YARA_DIRS));
        YaraConfig yara = null;
        if (yaraBuiltin || !yaraDirs.isEmpty()) {
            ScanLimits limits = ScanLimits.DEFAULT.withTimeoutSeconds(cfg.integer(RULES_YARA_SCAN_TIMEOUT_SECONDS))
                    .withMaxBytesPerField(cfg.integer(RULES_YARA_SCAN_MAX_BYTES_PER_FIELD));
            limits = new ScanLimits(limits.timeoutSeconds(), limits.maxBytesPerField(), limits.excerptBytes(),
                    cfg.integer(RULES_YARA_SCAN_MAX_MATCHES), limits.maxStringMatches());
            List<ExternalVariable> externals = new ArrayList<>();
            cfg.map(RULES_YARA_EXTERNALS).forEach((k, v) -> externals.add(ExternalVariable.parse(k + "=" + (v == null ? "" : v))));
            RuleFiles.NamespaceMode ns = "per-folder".equals(cfg.string(RULES_YARA_NAMESPACES).toLowerCase(Locale.ROOT))
                    ? RuleFiles.NamespaceMode.PER_FOLDER : RuleFiles.NamespaceMode.PER_FILE;
            YaraConfig base = YaraConfig.defaults(yaraDirs);
            yara = new YaraConfig(yaraDirs, yaraBuiltin, ns, cfg.bool(RULES_YARA_STRICT), base.externals(), limits,
                    scanPolicy(cfg), cfg.integer(RULES_YARA_RULE_COST_MAX_MS)).withExternals(externals);
        }
        String ph = cfg.string(RULES_SIGMA_PLACEHOLDERS_FILE);
        String map = cfg.string(RULES_SIGMA_MAPPING_FILE);
        String cacheDir = cfg.string(RULES_SIGMA_CACHE_DIR);
        Path cache = !cfg.bool(RULES_SIGMA_CACHE_ENABLED) ? null
                : cacheDir == null || cacheDir.isBlank() ? ParsedRuleCache.defaultDir() : Path.of(cacheDir);
        return new RuleSettings(sigmaBuiltin, paths(cfg.list(RULES_SIGMA_DIRS)), ph == null ? null : Path.of(ph),
                map == null ? null : Path.of(map), yara, cache);
    }

    /** The default policy with the {@code rules.yara.fields.*} replacements and additions applied. */
    static ScanPolicy scanPolicy(CentinelaConfig cfg) {
        ScanPolicy policy = ScanPolicy.defaults();
        for (EventKind kind : EventKind.values()) {
            List<String> replace = cfg.list(CentinelaConfig.yaraFieldsReplaceKey(kind));
            List<FieldSpec> fields = new ArrayList<>(replace == null ? policy.fields(kind) : specs(replace));
            for (FieldSpec f : specs(cfg.list(CentinelaConfig.yaraFieldsAddKey(kind)))) {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
            policy = policy.withFields(kind, fields);
        }
        return policy.withExtraFields(specs(cfg.list(RULES_YARA_FIELDS_EXTRA)));
    }

    /** Sigma load options: built-in mapping plus the mapping file, placeholder values. */
    public LoadOptions sigmaLoadOptions() {
        LogSourceMapping m = LogSourceMapping.builtIn();
        Placeholders p = Placeholders.NONE;
        try {
            if (sigmaMapping != null) {
                m = m.withOverrides(LogSourceMapping.load(sigmaMapping));
            }
        } catch (IOException | SigmaSyntaxException e) {
            throw new ConfigException("cannot load " + RULES_SIGMA_MAPPING_FILE + " " + sigmaMapping + ": " + describe(e)
                    + " (fix the file or unset the key)");
        }
        try {
            if (sigmaPlaceholders != null) {
                p = Placeholders.load(sigmaPlaceholders);
            }
        } catch (IOException | SigmaSyntaxException e) {
            throw new ConfigException("cannot load " + RULES_SIGMA_PLACEHOLDERS_FILE + " " + sigmaPlaceholders + ": "
                    + describe(e) + " (fix the file or unset the key)");
        }
        return new LoadOptions(m, p);
    }

    /** Every folder whose changes should trigger a reload. */
    public List<Path> watchedDirs() {
        List<Path> out = new ArrayList<>(sigmaDirs);
        if (yara != null) {
            out.addAll(yara.ruleDirs());
        }
        return out;
    }

    private static String describe(Exception e) {
        return e instanceof SigmaSyntaxException s ? "line " + s.line() + ": " + s.reason() : e.getMessage();
    }

    private static List<FieldSpec> specs(List<String> entries) {
        return entries.stream().map(FieldSpec::parse).toList();
    }

    private static boolean orDefault(CentinelaConfig cfg, String key, boolean dflt) {
        Boolean v = cfg.optionalBool(key);
        return v == null ? dflt : v;
    }

    private static List<Path> paths(List<String> l) {
        return l.stream().map(Path::of).toList();
    }
}
