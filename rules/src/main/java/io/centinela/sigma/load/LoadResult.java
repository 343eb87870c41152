package io.centinela.sigma.load;

import io.centinela.sigma.eval.CompiledRuleSet;
import io.centinela.sigma.parse.SigmaCorrelation;

import java.util.List;

/** A loaded rule set with its per-document report and the validated correlation rules. */
public record LoadResult(CompiledRuleSet ruleSet, List<FileReport> reports, List<SigmaCorrelation> correlations) {

    public LoadResult {
        reports = List.copyOf(reports);
        correlations = List.copyOf(correlations);
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
