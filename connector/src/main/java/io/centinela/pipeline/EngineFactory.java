package io.centinela.pipeline;

import io.centinela.config.CentinelaConfig;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.ThreatScorer;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.yara.YaraConfig;
import io.centinela.yara.YaraEngine;
import io.centinela.yara.YaraUnavailableException;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.StandaloneMatches;
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

import static io.centinela.config.CentinelaConfig.MODEL_DIR;
import static io.centinela.config.CentinelaConfig.MODEL_ENABLED;
import static io.centinela.config.CentinelaConfig.RULES_SIGMA_DIRS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_DIRS;
import static io.centinela.config.CentinelaConfig.RULES_YARA_STRICT;

/**
 * Builds the analysis engines from rule folders and model settings. The one place where the Sigma engine, the YARA
 * scanner and the model are wired into the connector: each is loaded here when its module provides it.
 */
public final class EngineFactory {

    private static final Logger LOG = LoggerFactory.getLogger(EngineFactory.class);

    /** What to load. {@code modelDir} null = the default model. */
    public record Spec(RuleSettings rules, boolean model, Path modelDir, FusionPolicy fusion) {

        public Spec {
            java.util.Objects.requireNonNull(fusion, "fusion");
        }

        /** The default fusion policy. */
        public Spec(RuleSettings rules, boolean model, Path modelDir) {
            this(rules, model, modelDir, FusionPolicy.defaults());
        }

        /** Built-in rules on/off for both engines plus extra folders; defaults for the rest. */
        public Spec(boolean builtinRules, List<Path> sigmaDirs, List<Path> yaraDirs, boolean model, Path modelDir) {
            this(RuleSettings.of(builtinRules, sigmaDirs, yaraDirs), model, modelDir);
        }

        /** The {@code rules.*}, {@code model.*} and {@code fusion.*} keys of a validated config. */
        public static Spec from(CentinelaConfig cfg) {
            String dir = cfg.string(MODEL_DIR);
            return new Spec(RuleSettings.from(cfg), cfg.bool(MODEL_ENABLED), dir == null ? null : Path.of(dir),
                    cfg.fusionPolicy());
        }
    }

    /** A loaded Sigma set and the files it rejected (described as file:line: reason). */
    public record SigmaLoad(SigmaEvaluator rules, List<String> rejected) {
    }

    private EngineFactory() {
    }

    public static AnalysisEngines create(Spec spec) {
        RuleSettings rules = spec.rules();
        SigmaLoad sigmaLoad = loadSigmaSet(rules);
        SwappableSigma sigma = sigmaLoad == null ? null : new SwappableSigma(sigmaLoad.rules());
        YaraEngine yara = loadYara(rules);
        ThreatScorer model;
        try {
            model = spec.model() ? loadModel(spec) : null;
        } catch (RuntimeException e) {
            if (yara != null) {
                yara.close();
            }
            throw e;
        }
        AlertFusion fusion = new AlertFusion(spec.fusion());
        Supplier<EventScanner> scanners = yara == null ? null : yara::newScanner;
        int yaraRules = yara == null ? 0 : yara.rules().ruleCount();
        RuleReloader reloader = new RuleReloader(rules, sigma, yara);
        return new AnalysisEngines(sigma, scanners, model, fusion, yaraRules, () -> {
            if (model != null) {
                model.close();
            }
            if (yara != null) {
                yara.close();
            }
        }, reloader);
    }

    /**
     * Loads the configured Sigma rules (null when none are configured). Broken files are rejected with file, line
     * and reason while the others load; an unreadable folder throws {@link io.centinela.config.ConfigException}.
     */
    public static SigmaLoad loadSigmaSet(RuleSettings spec) {
        List<Path> roots = new java.util.ArrayList<>();
        if (spec.sigmaBuiltin()) {
            Path builtin = io.centinela.sigma.load.BundledSigmaRules.folder().orElse(null);
            if (builtin != null) {
                roots.add(builtin);
            }
        }
        roots.addAll(spec.sigmaDirs());
        for (Path p : spec.sigmaDirs()) {
            if (!java.nio.file.Files.exists(p)) {
                throw new io.centinela.config.ConfigException("Sigma rule folder " + p + " does not exist: fix " + RULES_SIGMA_DIRS + " / --sigma-dir");
            }
        }
        if (roots.isEmpty()) {
            LOG.warn("no Sigma rules configured");
            return null;
        }
        try {
            io.centinela.sigma.load.ParsedRuleCache cache = spec.sigmaCacheDir() == null ? null
                    : io.centinela.sigma.load.ParsedRuleCache.forRoots(spec.sigmaCacheDir(), roots);
            LoadResult r = new RuleLoader(spec.sigmaLoadOptions(), cache).load(roots);
            if (cache != null) {
                var st = cache.lastLoad();
                LOG.info("Sigma rule cache {}: {} files from the cache, {} parsed", cache.file(), st.hits(), st.misses());
            }
            List<FileReport> rejected = r.rejected();
            for (FileReport f : rejected.subList(0, Math.min(5, rejected.size()))) {
                LOG.warn("Sigma rule rejected: {}", f.describe());
            }
            LOG.info("Sigma: {} rules loaded from {}, {} rejected", r.ruleSet().ruleCount(), roots, rejected.size());
            SigmaEvaluator rules = r.ruleSet();
            if (!r.correlations().isEmpty()) {
                CorrelationEngine engine = CorrelationEngine.build(r, CorrelationOptions.defaults());
                for (FileReport f : engine.problems()) {
                    LOG.warn("Sigma correlation refused: {}", f.describe());
                }
                LOG.info("Sigma: {} correlation rules; matches of base rules only they count are not alerts of their own",
                        engine.correlationCount());
                rules = new StandaloneMatches(rules, engine);
            }
            return new SigmaLoad(rules, rejected.stream().map(FileReport::describe).toList());
        } catch (java.io.IOException e) {
            throw new io.centinela.config.ConfigException("cannot read Sigma rules from " + roots + ": " + e.getMessage());
        }
    }

    /** Starts the YARA engine (null when no YARA rules are configured); strict-mode refusal is a config error. */
    public static YaraEngine loadYara(RuleSettings spec) {
        YaraConfig cfg = spec.yara();
        if (cfg == null) {
            return null;
        }
        for (Path p : cfg.ruleDirs()) {
            if (!java.nio.file.Files.exists(p)) {
                throw new io.centinela.config.ConfigException("YARA rule folder " + p + " does not exist: fix " + RULES_YARA_DIRS + " / --yara-dir");
            }
        }
        try {
            YaraEngine engine = YaraEngine.start(cfg);
            var gen = engine.rules();
            LOG.info("YARA: {} rules loaded (bundled: {}, folders: {}), {} rejected, {} warnings, {} quarantined "
                    + "above {} ms", gen.ruleCount(), cfg.bundledRules(), cfg.ruleDirs(), gen.rejected().size(),
                    gen.warnings().size(), gen.quarantined().size(), cfg.ruleCostMaxMillis());
            return engine;
        } catch (YaraUnavailableException e) {
            throw new io.centinela.config.ConfigException("YARA is unavailable: " + e.getMessage());
        } catch (io.centinela.yara.compile.RuleCompileException e) {
            throw new io.centinela.config.ConfigException("YARA rules refused: " + e.getMessage()
                    + " (fix the rule files, or set " + RULES_YARA_STRICT + ": false to skip broken files)");
        }
    }

    /** The model package: {@code modelDir}, else {@code <centinela.home>/models/default} when present. */
    private static ThreatScorer loadModel(Spec spec) {
        Path dir = spec.modelDir();
        if (dir == null) {
            Path home = Path.of(System.getProperty("centinela.home", "."));
            Path def = home.resolve("models").resolve("default");
            if (!java.nio.file.Files.isDirectory(def)) {
                LOG.warn("no model package at {} (set {} or --model-dir): events are not scored", def, MODEL_DIR);
                return null;
            }
            dir = def;
        }
        try {
            if (LiveModelDir.isLive(dir)) {
                // a live-model location: the package `current` names, swapped when the pointer moves
                LiveScorer live = LiveScorer.open(new LiveModelDir(dir), EngineFactory::openPackage);
                LOG.info("live model {} {} (package {} of {})", live.name(), live.version(), live.packageName(), dir);
                return live;
            }
            ClassifierScorer scorer = ClassifierScorer.open(dir, ScorerOptions.defaults());
            LOG.info("model {} {} loaded from {} (threshold {})", scorer.name(), scorer.version(), dir, scorer.threshold());
            return scorer;
        } catch (RuntimeException e) {
            throw new io.centinela.config.ConfigException("cannot load the model package " + dir + ": " + e.getMessage()
                    + " (fix " + MODEL_DIR + ", or set " + MODEL_ENABLED + ": false)");
        }
    }

    /** Opens (and verifies) one package folder with the serving options. */
    static ThreatScorer openPackage(Path dir) {
        ClassifierScorer scorer = ClassifierScorer.open(dir, ScorerOptions.defaults());
        LOG.info("model {} {} loaded from {} (threshold {})", scorer.name(), scorer.version(), dir, scorer.threshold());
        return scorer;
    }
}
