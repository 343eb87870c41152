package io.centinela.yara;

import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.RuleGeneration;
import io.centinela.yara.policy.RuleGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The YARA side of the pipeline: loads the configured rules (split into {@link RuleGroup}s), hands out one
 * {@link EventScanner} per worker thread, and reloads atomically. Thread-safe.
 *
 * <p>Creating an engine runs the libyara start-up self-test: it throws {@link YaraUnavailableException} with the
 * reason and the fix when libyara is missing, is not libyara.so.9, or its struct layouts differ.
 */
public final class YaraEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YaraEngine.class);

    private final YaraConfig config;
    private final AtomicReference<RuleGeneration> current = new AtomicReference<>();
    private long versions;

    private YaraEngine(YaraConfig config) {
        this.config = config;
    }

    public static YaraEngine start(YaraConfig config) {
        YaraLibrary.require();
        YaraEngine engine = new YaraEngine(config);
        engine.current.set(engine.build());
        return engine;
    }

    /** The rules now in use. */
    public RuleGeneration rules() {
        return current.get();
    }

    public YaraConfig config() {
        return config;
    }

    /** A scanner for the calling thread (close it when the thread ends). */
    public PolicyEventScanner newScanner() {
        return new PolicyEventScanner(current::get, config.policy(), config.limits());
    }

    /**
     * Recompiles the configured rules and swaps them in; scanners move over before their next scan and the old
     * rules are freed once no scanner uses them. In strict mode a broken file keeps the old rules and throws.
     */
    public synchronized RuleGeneration reload() {
        RuleGeneration next = build();
        RuleGeneration old = current.getAndSet(next);
        if (old != null) {
            old.close();
        }
        return next;
    }

    private synchronized RuleGeneration build() {
        List<RuleSource> sources = new ArrayList<>();
        if (config.bundledRules()) {
            sources.addAll(BundledRules.sources());
        }
        for (Path dir : config.ruleDirs()) {
            sources.addAll(RuleFiles.load(dir, config.namespaces()));
        }
        Map<RuleGroup, List<RuleSource>> byGroup = new EnumMap<>(RuleGroup.class);
        for (RuleGroup g : RuleGroup.values()) {
            byGroup.put(g, new ArrayList<>());
        }
        sources.forEach(s -> byGroup.get(RuleGroup.of(s)).add(s));
        RuleSetCompiler compiler = new RuleSetCompiler(config.externals(), config.strict());
        Map<RuleGroup, CompiledRules> groups = new EnumMap<>(RuleGroup.class);
        List<CompileDiagnostic> diagnostics = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        try {
            for (RuleGroup g : RuleGroup.values()) {
                CompileReport report = compiler.compile(g.name().toLowerCase(java.util.Locale.ROOT), byGroup.get(g));
                groups.put(g, report.rules());
                diagnostics.addAll(report.diagnostics());
                rejected.addAll(report.rejected());
            }
        } catch (RuntimeException e) {
            groups.values().forEach(CompiledRules::close);
            throw e;
        }
        for (CompileDiagnostic d : diagnostics) {
            if (d.isError()) {
                LOG.error("YARA rule rejected: {}", d);
            } else {
                LOG.debug("YARA warning: {}", d);
            }
        }
        RuleGeneration gen = new RuleGeneration(groups, diagnostics, rejected, ++versions);
        LOG.info("YARA rules v{}: {} rules from {} files ({} rejected, {} warnings)", gen.version(), gen.ruleCount(),
                sources.size(), rejected.size(), diagnostics.stream().filter(d -> !d.isError()).count());
        return gen;
    }

    @Override
    public void close() {
        RuleGeneration gen = current.getAndSet(null);
        if (gen != null) {
            gen.close();
        }
    }
}
