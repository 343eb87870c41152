package io.centinela.sigma.eval;

import io.centinela.sigma.SigmaMatch;
import io.centinela.sigma.parse.SigmaRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One rule compiled for one field naming (a log-source variant may rename fields): its condition as a node tree
 * and the searches that count as "matched selections" (those not under a negation).
 */
public final class CompiledRule {

    private final SigmaRule rule;
    private final Node condition;
    private final List<Nodes.Search> positiveSearches;

    public CompiledRule(SigmaRule rule, Node condition, List<Nodes.Search> positiveSearches) {
        this.rule = rule;
        this.condition = condition;
        this.positiveSearches = List.copyOf(positiveSearches);
    }

    public SigmaRule rule() {
        return rule;
    }

    public boolean test(EventView v) {
        return condition.test(v);
    }

    /** Builds the match record for an event this rule matched: selections that hold and the values behind them. */
    public SigmaMatch explain(EventView v) {
        List<String> selections = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Nodes.Search s : positiveSearches) {
            if (s.test(v)) {
                selections.add(s.name());
                s.explain(v, fields);
            }
        }
        return new SigmaMatch(nz(rule.id()), rule.title(), nz(rule.level()), nz(rule.status()), rule.tags(),
                nz(rule.author()), rule.references(), selections, fields);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
