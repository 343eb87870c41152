package io.centinela.pipeline;

import io.centinela.config.CentinelaConfig;
import io.centinela.config.ConfigException;
import io.centinela.event.EventKind;
import io.centinela.sigma.compile.Placeholders;
import io.centinela.sigma.load.LoadOptions;
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

/**
 * Which rules to load and how: the Sigma side (built-in rules, folders, placeholder and mapping files) and the
 * YARA side as a {@link YaraConfig} ({@code yara == null} = no YARA). Built from {@code rules.*} config keys.
 */
public record RuleSettings(boolean sigmaBuiltin, List<Path> sigmaDirs, Path sigmaPlaceholders, Path sigmaMapping,
                           YaraConfig yara) {

    public RuleSettings {
        sigmaDirs = List.copyOf(sigmaDirs);
    }

    /** Built-in rules on/off for both engines, extra folders, everything else default. */
    public static RuleSettings of(boolean builtin, List<Path> sigmaDirs, List<Path> yaraDirs) {
        YaraConfig yara = !builtin && yaraDirs.isEmpty() ? null
                : YaraConfig.defaults(yaraDirs).withBundledRules(builtin);
        return new RuleSettings(builtin, sigmaDirs, null, null, yara);
    }

    /** The {@code rules.*} keys of a validated config. */
    public static RuleSettings from(CentinelaConfig cfg) {
        boolean builtin = cfg.bool("rules.builtin");
        boolean sigmaBuiltin = orDefault(cfg, "rules.sigma.builtin", builtin);
        boolean yaraBuiltin = orDefault(cfg, "rules.yara.builtin", builtin);
        List<Path> yaraDirs = paths(cfg.list("rules.yara.dirs"));
        YaraConfig yara = null;
        if (yaraBuiltin || !yaraDirs.isEmpty()) {
            ScanLimits limits = ScanLimits.DEFAULT.withTimeoutSeconds(cfg.integer("rules.yara.scan.timeout.seconds"))
                    .withMaxBytesPerField(cfg.integer("rules.yara.scan.max.bytes.per.field"));
            limits = new ScanLimits(limits.timeoutSeconds(), limits.maxBytesPerField(), limits.excerptBytes(),
                    cfg.integer("rules.yara.scan.max.matches"), limits.maxStringMatches());
            List<ExternalVariable> externals = new ArrayList<>();
            cfg.map("rules.yara.externals").forEach((k, v) -> externals.add(ExternalVariable.parse(k + "=" + (v == null ? "" : v))));
            RuleFiles.NamespaceMode ns = "per-folder".equals(cfg.string("rules.yara.namespaces").toLowerCase(Locale.ROOT))
                    ? RuleFiles.NamespaceMode.PER_FOLDER : RuleFiles.NamespaceMode.PER_FILE;
            YaraConfig base = YaraConfig.defaults(yaraDirs);
            yara = new YaraConfig(yaraDirs, yaraBuiltin, ns, cfg.bool("rules.yara.strict"), base.externals(), limits,
                    scanPolicy(cfg), cfg.integer("rules.yara.rule.cost.max.ms")).withExternals(externals);
        }
        String ph = cfg.string("rules.sigma.placeholders.file");
        String map = cfg.string("rules.sigma.mapping.file");
        return new RuleSettings(sigmaBuiltin, paths(cfg.list("rules.sigma.dirs")), ph == null ? null : Path.of(ph),
                map == null ? null : Path.of(map), yara);
    }

    /** The default policy with the {@code rules.yara.fields.*} replacements and additions applied. */
    static ScanPolicy scanPolicy(CentinelaConfig cfg) {
        ScanPolicy policy = ScanPolicy.defaults();
        for (EventKind kind : EventKind.values()) {
            String k = kind.name().toLowerCase(Locale.ROOT);
            List<String> replace = cfg.list("rules.yara.fields.replace." + k);
            List<FieldSpec> fields = new ArrayList<>(replace == null ? policy.fields(kind) : specs(replace));
            for (FieldSpec f : specs(cfg.list("rules.yara.fields.add." + k))) {
                if (!fields.contains(f)) {
                    fields.add(f);
                }
            }
            policy = policy.withFields(kind, fields);
        }
        return policy.withExtraFields(specs(cfg.list("rules.yara.fields.extra")));
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
            throw new ConfigException("cannot load rules.sigma.mapping.file " + sigmaMapping + ": " + describe(e)
                    + " (fix the file or unset the key)");
        }
        try {
            if (sigmaPlaceholders != null) {
                p = Placeholders.load(sigmaPlaceholders);
            }
        } catch (IOException | SigmaSyntaxException e) {
            throw new ConfigException("cannot load rules.sigma.placeholders.file " + sigmaPlaceholders + ": "
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
