package io.centinela.yara;

import io.centinela.yara.compile.CompileDiagnostic;
import io.centinela.yara.compile.CompileReport;
import io.centinela.yara.compile.RuleFiles;
import io.centinela.yara.compile.RuleCompileException;
import io.centinela.yara.compile.RuleSetCompiler;
import io.centinela.yara.compile.RuleSource;
import io.centinela.yara.policy.PolicyEventScanner;
import io.centinela.yara.policy.RuleGeneration;
import io.centinela.yara.policy.RuleGroup;
import io.centinela.yara.policy.ScanTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The YARA side of the pipeline: loads the configured rules (split into {@link RuleGroup}s), hands out one
 * {@link EventScanner} per worker thread, and reloads atomically. Thread-safe.
 *
 * <p>Creating an engine runs the libyara start-up self-test: it throws {@link YaraUnavailableException} with the
 * reason and the fix when libyara is missing, is not libyara.so.9, or its struct layouts differ.
 */
public final class YaraEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(YaraEngine.class);

    /** Warnings logged one by one at load; the rest are counted (rules check prints them all). */
    private static final int WARNINGS_LOGGED = 50;

    private final YaraConfig config;
    private final AtomicReference<RuleGeneration> current = new AtomicReference<>();
    private final LongAdder scanTimeouts = new LongAdder();
    private final LongAdder scanRetries = new LongAdder();
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
        return new PolicyEventScanner(current::get, config.policy(), config.limits(), this::onTimeout);
    }

    /** Scans that hit the timeout since start (every attempt counts). */
    public long scanTimeouts() {
        return scanTimeouts.sum();
    }

    /** Scans repeated after a timeout, without the rules that caused it. */
    public long scanRetries() {
        return scanRetries.sum();
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
        List<RuleCost> quarantined = new ArrayList<>();
        long costNanos = 0;
        int[] costScans = new int[1];
        try {
            for (RuleGroup g : RuleGroup.values()) {
                CompileReport report = compiler.compile(groupName(g), byGroup.get(g));
                groups.put(g, report.rules());
                diagnostics.addAll(report.diagnostics());
                rejected.addAll(report.rejected());
                long t0 = System.nanoTime();
                quarantined.addAll(quarantineAtLoad(g, report.rules(), costScans));
                costNanos += System.nanoTime() - t0;
            }
            if (config.strict() && !quarantined.isEmpty()) {
                throw new RuleCompileException("rule set refused (strict mode): rules above the cost bound of "
                        + config.ruleCostMaxMillis() + " ms", quarantined.stream().map(c -> new CompileDiagnostic(
                        CompileDiagnostic.Level.ERROR, c.rule(), 0, "too slow: " + c.describe(), 0, c.rule())).toList());
            }
        } catch (RuntimeException e) {
            groups.values().forEach(CompiledRules::close);
            throw e;
        }
        List<CompileDiagnostic> warnings = diagnostics.stream().filter(d -> !d.isError()).toList();
        diagnostics.stream().filter(CompileDiagnostic::isError).forEach(d -> LOG.error("YARA rule rejected: {}", d));
        warnings.stream().limit(WARNINGS_LOGGED).forEach(d -> LOG.warn("YARA warning: {}", d));
        if (warnings.size() > WARNINGS_LOGGED) {
            LOG.warn("YARA: {} more warnings (centinela rules check prints them all)", warnings.size() - WARNINGS_LOGGED);
        }
        quarantined.forEach(c -> LOG.warn("YARA rule quarantined (not used for scanning): {}", c.describe()));
        RuleGeneration gen = new RuleGeneration(groups, byGroup, diagnostics, rejected, quarantined, ++versions);
        LOG.info("YARA rules {}: {} rules in use from {} files ({} rejected, {} warnings, {} quarantined above {} ms; "
                        + "cost check: {} probe scans in {} ms)", gen.describe(), gen.ruleCount(), sources.size(),
                rejected.size(), warnings.size(), quarantined.size(), config.ruleCostMaxMillis(), costScans[0],
                costNanos / 1_000_000);
        return gen;
    }

    private static String groupName(RuleGroup g) {
        return g.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Measures the group's rules on the probe buffers and disables those above the bound (rules not yet shared). */
    private List<RuleCost> quarantineAtLoad(RuleGroup g, CompiledRules rules, int[] scans) {
        if (rules.ruleCount() <= 0) {
            return List.of();
        }
        CostMeter.Result r = CostMeter.measure(rules, groupName(g), CostProbes.forGroup(g), boundNanos(),
                timeoutNanos());
        scans[0] += r.scans();
        r.slowBaselines().forEach(p -> LOG.warn("YARA group {}: the string search alone takes longer than the scan "
                + "timeout on the {} probe; no rule can be measured there", groupName(g), p));
        CostMeter.disable(rules, r.overBound().stream().map(RuleCost::rule).collect(Collectors.toSet()));
        return r.overBound();
    }

    private long boundNanos() {
        return config.ruleCostMaxMillis() * 1_000_000L;
    }

    private long timeoutNanos() {
        int s = config.limits().timeoutSeconds();
        return (s == 0 ? ScanLimits.DEFAULT.timeoutSeconds() : s) * 1_000_000_000L;
    }

    /**
     * A scan timed out (on a worker thread): count and log it, then find the rules of that group whose cost on this
     * very input is above the bound, and install the group without them (quarantined until the next reload: left
     * in, the rule would cost every similar event the whole timeout). True = scan again.
     */
    private boolean onTimeout(RuleGeneration gen, RuleGroup group, CompiledRules used, ScanTarget target,
                              String eventType, String where) {
        scanTimeouts.increment();
        LOG.warn("YARA scan timed out after {} s: event {} field {} ({} bytes, group {}), rule set {}",
                config.limits().timeoutSeconds(), where, target.field(), target.data().length, groupName(group),
                gen.describe());
        synchronized (this) {
            if (current.get() != gen || gen.group(group) != used) {
                scanRetries.increment(); // reloaded, or another thread took the slow rules out meanwhile
                return true;
            }
            CompiledRules copy;
            try {
                copy = new RuleSetCompiler(config.externals(), false).compile(groupName(group), gen.sources(group)).rules();
            } catch (RuntimeException e) {
                LOG.error("YARA: cannot rebuild group {} to take slow rules out: {}", groupName(group), e.toString());
                return false;
            }
            boolean installed = false;
            try {
                CostMeter.disable(copy, gen.quarantinedNames());
                byte[] data = java.util.Arrays.copyOf(target.data(),
                        Math.min(target.data().length, config.limits().maxBytesPerField()));
                CostMeter.Result r = CostMeter.measure(copy, groupName(group),
                        List.of(new CostMeter.Probe(where + " " + target.field(), data, eventType)), boundNanos(),
                        timeoutNanos());
                if (r.overBound().isEmpty()) {
                    LOG.warn("YARA: no single rule of group {} costs more than {} ms on event {} field {}{}; the event "
                            + "keeps its timed-out (empty) result for this group", groupName(group),
                            config.ruleCostMaxMillis(), where, target.field(),
                            r.slowBaselines().isEmpty() ? "" : " (the string search alone exceeds the timeout)");
                    return false;
                }
                CostMeter.disable(copy, r.overBound().stream().map(RuleCost::rule).collect(Collectors.toSet()));
                installed = gen.replaceGroup(group, used, copy, r.overBound());
                if (installed) {
                    r.overBound().forEach(c -> LOG.warn("YARA rule quarantined after a timeout on event {} "
                            + "(rule set {}): {}", where, gen.describe(), c.describe()));
                }
                scanRetries.increment();
                return true;
            } finally {
                if (!installed) {
                    copy.close();
                }
            }
        }
    }

    @Override
    public void close() {
        RuleGeneration gen = current.getAndSet(null);
        if (gen != null) {
            gen.close();
        }
    }
}
