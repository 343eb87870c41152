package io.centinela.sigma;

import io.centinela.event.Event;

import java.util.List;

/** Evaluates a compiled Sigma rule set against events. Implementations are immutable and thread-safe. */
public interface SigmaEvaluator {

    /** Every rule that matches the event, in a stable order; empty when none. */
    List<SigmaMatch> evaluate(Event event);

    /** How many rules were compiled into this evaluator. */
    int ruleCount();
}
