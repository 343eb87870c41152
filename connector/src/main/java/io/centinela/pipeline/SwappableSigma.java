package io.centinela.pipeline;

import io.centinela.event.Event;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A Sigma rule set that can be replaced while workers evaluate: each {@link #evaluate} reads the current set once,
 * so an event in flight finishes with the set it started with and the next one sees the new set.
 */
public final class SwappableSigma implements SigmaEvaluator {

    private final AtomicReference<SigmaEvaluator> current;

    public SwappableSigma(SigmaEvaluator initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public List<SigmaMatch> evaluate(Event event) {
        return current.get().evaluate(event);
    }

    @Override
    public Evaluation evaluateForCorrelation(Event event) {
        return current.get().evaluateForCorrelation(event);
    }

    @Override
    public int ruleCount() {
        return current.get().ruleCount();
    }

    /** The correlation rules of the current set (empty when it has none). */
    public java.util.Optional<io.centinela.sigma.correlation.CorrelationEngine> correlations() {
        return current.get() instanceof io.centinela.sigma.correlation.StandaloneMatches s
                ? java.util.Optional.of(s.correlations()) : java.util.Optional.empty();
    }

    /** Installs {@code next}; the compiled Sigma set holds no native memory, so the old one is left to the GC. */
    public void replace(SigmaEvaluator next) {
        current.set(Objects.requireNonNull(next, "next"));
    }
}
