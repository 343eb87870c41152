package io.centinela.sigma.correlation;

import io.centinela.event.Event;
import io.centinela.event.EventTime;
import io.centinela.sigma.SigmaEvaluator;
import io.centinela.sigma.SigmaMatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The Sigma matches that are alerts of their own. A base rule that only correlation rules count (every correlation
 * referencing it says {@code generate: false}, the specification's default) is a building block, not a finding:
 * "a service was installed" alone would flood the analysts. Its matches are dropped here, before fusion; the
 * correlation layer counts them. The service, `scan` and the rule tests all see Sigma through this. Immutable;
 * thread-safe like the rule set it wraps.
 */
public final class StandaloneMatches implements SigmaEvaluator {

    private final SigmaEvaluator rules;
    private final CorrelationEngine correlations;

    public StandaloneMatches(SigmaEvaluator rules, CorrelationEngine correlations) {
        this.rules = rules;
        this.correlations = correlations;
    }

    @Override
    public List<SigmaMatch> evaluate(Event event) {
        List<SigmaMatch> all = rules.evaluate(event);
        if (all.isEmpty()) {
            return all;
        }
        List<SigmaMatch> out = null;
        for (int i = 0; i < all.size(); i++) {
            SigmaMatch m = all.get(i);
            if (!correlations.standalone(m)) {
                if (out == null) {
                    out = new ArrayList<>(all.subList(0, i));
                }
            } else if (out != null) {
                out.add(m);
            }
        }
        return out == null ? all : List.copyOf(out);
    }

    /**
     * Also the correlation hits of the event, made as the offline scan makes them (event ref = the origin key, time
     * from {@link EventTime}), so a stream that counts them gives the same correlation ids as {@code sigma scan}.
     */
    @Override
    public Evaluation evaluateForCorrelation(Event event) {
        List<SigmaMatch> all = rules.evaluate(event);
        if (all.isEmpty()) {
            return new Evaluation(all, List.of());
        }
        List<SigmaMatch> alone = new ArrayList<>(all.size());
        List<Hit> hits = new ArrayList<>(0);
        java.util.OptionalLong t = null;
        for (SigmaMatch m : all) {
            if (correlations.standalone(m)) {
                alone.add(m);
            }
            if (correlations.references(CorrelationEngine.ruleKey(m))) {
                if (t == null) {
                    t = EventTime.millis(event);
                }
                if (t.isPresent()) {
                    Hit h = correlations.hit(m, event, event.origin().key(), t.getAsLong());
                    if (h != null) hits.add(h);
                }
            }
        }
        return new Evaluation(alone, hits);
    }

    public CorrelationEngine correlations() {
        return correlations;
    }

    @Override
    public int ruleCount() {
        return rules.ruleCount();
    }
}
