package io.centinela.pipeline;

import io.centinela.model.ThreatScorer;
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
        Supplier<EventScanner> yara = loadYara(spec);
        ThreatScorer model = spec.model() ? loadModel(spec) : null;
        AlertFusion fusion = new InterimFusion();
        return new AnalysisEngines(sigma, yara, model, fusion, 0);
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

    private static Supplier<EventScanner> loadYara(Spec spec) {
        // Wired when the YARA binding (io.centinela.yara) lands on main.
        LOG.warn("YARA scanner not in this build yet: YARA rules are not evaluated");
        return null;
    }

    private static ThreatScorer loadModel(Spec spec) {
        // Wired when the model (io.centinela.model) lands on main.
        LOG.warn("threat model not in this build yet: events are not scored");
        return null;
    }
}
