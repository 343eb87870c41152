package io.centinela.sigma;

import io.centinela.event.Event;

import io.centinela.sigma.correlation.Hit;

import java.util.List;

/** Evaluates a compiled Sigma rule set against events. Implementations are immutable and thread-safe. */
public interface SigmaEvaluator {

    /** Every rule that matches the event, in a stable order; empty when none. */
    List<SigmaMatch> evaluate(Event event);

    /**
     * The matches that are alerts of their own and, for correlation rules, the hits of every rule they count
     * (including {@code generate: false} base rules, whose matches {@link #evaluate} leaves out). One evaluation.
     */
    default Evaluation evaluateForCorrelation(Event event) {
        return new Evaluation(evaluate(event), List.of());
    }

    /** {@link #evaluateForCorrelation}'s answer; {@code hits} empty when no correlation rule is loaded. */
    record Evaluation(List<SigmaMatch> matches, List<Hit> hits) {
        public Evaluation {
            matches = List.copyOf(matches);
            hits = List.copyOf(hits);
        }
    }

    /** How many rules were compiled into this evaluator. */
    int ruleCount();
}
