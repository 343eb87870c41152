package io.centinela.pipeline;

import io.centinela.model.ThreatScorer;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.yara.EventScanner;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.YaraEngine;
import io.centinela.yara.YaraUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the analysis engines from rule folders and model settings. The one place where the Sigma engine, the YARA
 * scanner and the model are wired into the connector: each is loaded here when its module provides it.
 */
public final class EngineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EngineFactory.class);

    /** What to load. {@code modelDir} null = the default model. */
    public record Spec(boolean builtinRules, List<Path> sigmaDirs, List<Path> yaraDirs, boolean model, Path modelDir) {
    }

    private EngineFactory() {
    }

    public static AnalysisEngines create(Spec spec) {
        SigmaEvaluator sigma = loadSigma(spec);
        YaraEngine yaraEngine = loadYara(spec);
        Supplier<EventScanner> yara = yaraEngine == null ? null : yaraEngine::newScanner;
        ThreatScorer model = spec.model() ? loadModel(spec) : null;
        AlertFusion fusion = new InterimFusion();
        return new AnalysisEngines(sigma, yara, model, fusion, yaraEngine == null ? 0 : yaraEngine.rules().ruleCount());
    }

    private static SigmaEvaluator loadSigma(Spec spec) {
        List<Path> roots = new java.util.ArrayList<>();
        if (spec.builtinRules()) {
            Path builtin = classpathFolder("sigma");
            if (builtin != null) {
                roots.add(builtin);
            }
        }
        roots.addAll(spec.sigmaDirs());
        for (Path p : spec.sigmaDirs()) {
            if (!java.nio.file.Files.exists(p)) {
                throw new io.centinela.config.ConfigException("Sigma rule folder " + p + " does not exist: fix rules.sigma.dirs / --sigma-dir");
            }
        }
        if (roots.isEmpty()) {
            LOG.warn("no Sigma rules configured");
            return null;
        }
        try {
            LoadResult r = new RuleLoader(LoadOptions.defaults()).load(roots);
            List<FileReport> rejected = r.rejected();
            for (FileReport f : rejected.subList(0, Math.min(5, rejected.size()))) {
                LOG.warn("Sigma rule rejected: {}", f.describe());
            }
            LOG.info("Sigma: {} rules loaded from {}, {} rejected", r.ruleSet().ruleCount(), roots, rejected.size());
            return r.ruleSet();
        } catch (java.io.IOException e) {
            throw new io.centinela.config.ConfigException("cannot read Sigma rules from " + roots + ": " + e.getMessage());
        }
    }

    /** A folder on the class path (rules shipped in the rules module's resources), or null. */
    static Path classpathFolder(String name) {
        java.net.URL url = EngineFactory.class.getClassLoader().getResource(name);
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** The YARA engine (bundled rules + yaraDirs, default scan policy), or null when no YARA rules are configured. */
    private static YaraEngine loadYara(Spec spec) {
        for (Path p : spec.yaraDirs()) {
            if (!java.nio.file.Files.exists(p)) {
                throw new io.centinela.config.ConfigException("YARA rule folder " + p + " does not exist: fix rules.yara.dirs / --yara-dir");
            }
        }
        if (!spec.builtinRules() && spec.yaraDirs().isEmpty()) {
            LOG.warn("no YARA rules configured");
            return null;
        }
        YaraEngine engine;
        try {
            // Runs the libyara start-up self-test: a missing or wrong libyara refuses to start with the fix.
            engine = YaraEngine.start(YaraConfig.defaults(spec.yaraDirs()).withBundledRules(spec.builtinRules()));
        } catch (YaraUnavailableException e) {
            throw new io.centinela.config.ConfigException(e.getMessage());
        }
        LOG.info("YARA: {} rules loaded from {}{}, {} files rejected", engine.rules().ruleCount(),
                spec.builtinRules() ? "the bundled rules and " : "", spec.yaraDirs(), engine.rules().rejected().size());
        return engine;
    }

    private static ThreatScorer loadModel(Spec spec) {
        // Wired when the model (io.centinela.model) lands on main.
        LOG.warn("threat model not in this build yet: events are not scored");
        return null;
    }
}
