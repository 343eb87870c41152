package io.centinela.tools;

import io.centinela.baseline.SiteBaseline;
import io.centinela.demo.DemoBaseline;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.eval.Evaluator;
import io.centinela.model.eval.OodEvaluation;
import io.centinela.model.eval.OodTable;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.ScorerOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The OOD streams of {@code eval} (docs/model.md section 4), built here because the demo generator lives in this
 * module and the training module cannot see it:
 * <ul>
 *   <li>{@code ood/web}: the first {@code events} real requests of ../shared/data/ml/ood/web in time order, the first
 *   half warming the baseline (default settings, contributor cap on, as the service);</li>
 *   <li>the demo generator's background (Sysmon, web, e-mail; no attack scenarios): {@code events} of seed
 *   {@value #WARM_SEED} warm the baseline as the demo's pre-built one (vetted, cap off), then {@code events} of
 *   seed {@value #MEASURE_SEED}, which nothing was tuned on, are measured.</li>
 * </ul>
 */
final class OodStreams {

    static final long WARM_SEED = 7;
    static final long MEASURE_SEED = 1414;

    private OodStreams() {
    }

    /** The generator's warm-up, as the demo's pre-built baseline ({@code demo --baseline-events}). */
    static final int GENERATOR_WARM_UP = 10_000;

    /** Both streams measured with {@code model} and the OOD table, under a header naming the precision and size. */
    static String table(Path model, ScorerOptions options, Path mlData, int events,
                        Map<String, Evaluator.DomainResult> dev) throws IOException {
        try (ClassifierScorer scorer = ClassifierScorer.open(model, options)) {
            String header = String.format(java.util.Locale.ROOT, "## Out of distribution: model-driven alerts per 10,000 "
                    + "benign events (%s; `--ood-events` %,d)%n%n", options.precision(), events);
            return header + OodTable.render(measure(scorer, mlData, events, GENERATOR_WARM_UP), dev);
        }
    }

    /**
     * ood/web's first {@code events} requests (half warm-up), and {@code generatorWarmUp} background events of
     * seed {@value #WARM_SEED} then {@code events} of seed {@value #MEASURE_SEED} (the latter measured).
     */
    static List<OodTable.Measured> measure(ClassifierScorer scorer, Path mlData, int events, int generatorWarmUp)
            throws IOException {
        OodEvaluation eval = new OodEvaluation(scorer);
        OodEvaluation.Prepared web = eval.prepare(mlData.resolve("ood/web/apache-site.jsonl"), events, null);
        OodEvaluation.Prepared warm = eval.prepare(Path.of("generator seed " + WARM_SEED),
                DemoBaseline.background(WARM_SEED, generatorWarmUp));
        OodEvaluation.Prepared measured = eval.prepare(Path.of("generator seed " + MEASURE_SEED),
                DemoBaseline.background(MEASURE_SEED, events));
        List<OodTable.Source> sources = List.of(
                new OodTable.Source("ood/web (first half warm-up)", web, 0.5, SiteBaseline.Settings.defaults()),
                new OodTable.Source("demo background, seed " + MEASURE_SEED + " (warm-up: seed " + WARM_SEED + ")",
                        OodEvaluation.Prepared.concat(measured.file(), warm, measured),
                        (double) generatorWarmUp / (generatorWarmUp + events),
                        SiteBaseline.Settings.defaults().withMaxPerContributorPerWindow(0)));
        return OodTable.measure(eval, sources, FusionPolicy.defaults());
    }
}
