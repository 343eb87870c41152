package io.centinela.pipeline;

import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.ThreatScorer;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.YaraEngine;
import io.centinela.yara.YaraUnavailableException;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.load.FileReport;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;
import io.centinela.yara.EventScanner;
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
        YaraEngine yara = loadYara(spec);
        ThreatScorer model = spec.model() ? loadModel(spec) : null;
        AlertFusion fusion = new AlertFusion(FusionPolicy.defaults());
        Supplier<EventScanner> scanners = yara == null ? null : yara::newScanner;
        int yaraRules = yara == null ? 0 : yara.rules().ruleCount();
        return new AnalysisEngines(sigma, scanners, model, fusion, yaraRules, () -> {
            if (model != null) {
                model.close();
            }
            if (yara != null) {
                yara.close();
            }
        });
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

    private static YaraEngine loadYara(Spec spec) {
        for (Path p : spec.yaraDirs()) {
            if (!java.nio.file.Files.exists(p)) {
                throw new io.centinela.config.ConfigException("YARA rule folder " + p + " does not exist: fix rules.yara.dirs / --yara-dir");
            }
        }
        if (!spec.builtinRules() && spec.yaraDirs().isEmpty()) {
            return null;
        }
        try {
            YaraEngine engine = YaraEngine.start(YaraConfig.defaults(spec.yaraDirs()).withBundledRules(spec.builtinRules()));
            var gen = engine.rules();
            LOG.info("YARA: {} rules loaded (bundled: {}, folders: {}), {} rejected", gen.ruleCount(),
                    spec.builtinRules(), spec.yaraDirs(), gen.rejected().size());
            return engine;
        } catch (YaraUnavailableException e) {
            throw new io.centinela.config.ConfigException("YARA is unavailable: " + e.getMessage());
        }
    }

    /** The model package: {@code modelDir}, else {@code <centinela.home>/models/default} when present. */
    private static ThreatScorer loadModel(Spec spec) {
        Path dir = spec.modelDir();
        if (dir == null) {
            Path home = Path.of(System.getProperty("centinela.home", "."));
            Path def = home.resolve("models").resolve("default");
            if (!java.nio.file.Files.isDirectory(def)) {
                LOG.warn("no model package at {} (set model.dir or --model-dir): events are not scored", def);
                return null;
            }
            dir = def;
        }
        try {
            ClassifierScorer scorer = ClassifierScorer.open(dir, ScorerOptions.defaults());
            LOG.info("model {} {} loaded from {} (threshold {})", scorer.name(), scorer.version(), dir, scorer.threshold());
            return scorer;
        } catch (RuntimeException e) {
            throw new io.centinela.config.ConfigException("cannot load the model package " + dir + ": " + e.getMessage()
                    + " (fix model.dir, or set model.enabled: false)");
        }
    }
}
