package io.centinela.pipeline;

import io.centinela.model.ThreatScorer;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.yara.EventScanner;

import java.util.function.Supplier;

/**
 * What the workers run: Sigma (shared, thread-safe), a YARA scanner factory (one scanner per worker thread), the
 * model (null = not scoring) and fusion. {@code rulesLoaded} and {@code modelVersion} go into heartbeats.
 */
public record AnalysisEngines(SigmaEvaluator sigma, Supplier<EventScanner> yara, ThreatScorer model,
                              AlertFusion fusion, int yaraRules) {

    public int rulesLoaded() {
        return (sigma == null ? 0 : sigma.ruleCount()) + yaraRules;
    }

    public String modelVersion() {
        return model == null ? "none" : model.name() + " " + model.version();
    }
}
