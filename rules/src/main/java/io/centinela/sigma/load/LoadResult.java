package io.centinela.sigma.load;

import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.parse.SigmaCorrelation;
import io.centinela.sigma.parse.SigmaRule;

import java.util.List;

/**
 * A loaded rule set with its per-document report, the validated correlation rules and the detection rules that
 * compiled (their names, ids and tags let correlations resolve their references).
 */
public record LoadResult(CompiledRuleSet ruleSet, List<FileReport> reports, List<SigmaCorrelation> correlations,
                         List<SigmaRule> rules) {

    public LoadResult {
        reports = List.copyOf(reports);
        correlations = List.copyOf(correlations);
        rules = List.copyOf(rules);
    }

    public LoadResult(CompiledRuleSet ruleSet, List<FileReport> reports, List<SigmaCorrelation> correlations) {
        this(ruleSet, reports, correlations, List.of());
    }

    public List<FileReport> rejected() {
        return reports.stream().filter(r -> !r.loaded()).toList();
    }

    public long loadedCount(String kind) {
        return reports.stream().filter(r -> r.loaded() && r.kind().equals(kind)).count();
    }

    public long rejectedCount(String kind) {
        return reports.stream().filter(r -> !r.loaded() && r.kind().equals(kind)).count();
    }
}
