package io.centinela.pipeline;

import io.centinela.fusion.AlertFusion;
import io.centinela.model.ThreatScorer;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.yara.EventScanner;

import java.util.function.Supplier;

/**
 * What the workers run: Sigma (shared, thread-safe), a YARA scanner factory (one scanner per worker thread), the
 * model (null = not scoring) and fusion. {@code resources} is closed with the engines (the YARA engine, the model).
 * {@code reloader} (null = fixed rules) rebuilds the Sigma and YARA sets in place for hot reload.
 */
public record AnalysisEngines(SigmaEvaluator sigma, Supplier<EventScanner> yara, ThreatScorer model,
                              AlertFusion fusion, int yaraRules, AutoCloseable resources, RuleReloader reloader)
        implements AutoCloseable {

    /** Engines that cannot be reloaded (stand-ins, benchmarks). */
    public AnalysisEngines(SigmaEvaluator sigma, Supplier<EventScanner> yara, ThreatScorer model, AlertFusion fusion,
                           int yaraRules, AutoCloseable resources) {
        this(sigma, yara, model, fusion, yaraRules, resources, null);
    }

    /** YARA rules now in use (follows reloads). */
    @Override
    public int yaraRules() {
        return reloader == null ? yaraRules : reloader.yaraRules();
    }

    public int sigmaRules() {
        return sigma == null ? 0 : sigma.ruleCount();
    }

    public int rulesLoaded() {
        return sigmaRules() + yaraRules();
    }

    public String modelVersion() {
        return model == null ? "none" : model.name() + " " + model.version();
    }

    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the analysis engines: " + e.getMessage(), e);
            }
        }
    }
}
