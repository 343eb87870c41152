package io.centinela.tools;

import io.centinela.cli.ModelPaths;
import io.centinela.baseline.SiteBaseline;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.eval.OodEvaluation;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.DeviceChoice;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code centinela baseline build|show|eval}: the site baseline of the model's anomaly score (docs/baseline.md).
 */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Build, inspect and evaluate the site baseline (what this site's traffic looks like).",
        subcommands = {BaselineCommand.Build.class, BaselineCommand.Show.class, BaselineCommand.Eval.class})
public final class BaselineCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static ScorerOptions scorer(int threads, String device, String precision) {
        return ScorerOptions.defaults().withThreads(threads).withDevice(DeviceChoice.Mode.parse(device))
                .withPrecision(MergedModel.Precision.valueOf(precision.toUpperCase(Locale.ROOT)));
    }

    /** {@code baseline build --from FILES --out FILE}: learn from traffic the user vouches for. */
    @Command(name = "build", mixinStandardHelpOptions = true,
            description = "Learn a baseline from JSON-lines event files (plain events or {\"event\": ...} wrappers) "
                    + "that you vouch for as normal traffic of this site, and write it to a file.")
    static final class Build implements Callable<Integer> {
        @Option(names = "--from", split = ",", required = true, description = "Event files, in time order.") List<Path> from;
        @Option(names = "--out", required = true, description = "Baseline file to write.") Path out;
        @Option(names = "--model", description = "Model package (default: models/default).") Path model;
        @Option(names = "--cap", defaultValue = "50",
                description = "Events one contributor may teach per hour; 0 = no cap (default: ${DEFAULT-VALUE}).") int cap;
        @Option(names = "--precision", defaultValue = "int8", description = "fp32 or int8 (default: ${DEFAULT-VALUE}, as served).") String precision;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Option(names = "--device", defaultValue = "auto") String device;

        @Override
        public Integer call() throws Exception {
            Path m = model != null ? model : ModelPaths.defaultModel();
            SiteBaseline.Settings settings = SiteBaseline.Settings.defaults().withMaxPerContributorPerWindow(cap);
            try (ClassifierScorer s = ClassifierScorer.open(m, scorer(threads, device, precision));
                 SiteBaseline b = SiteBaseline.create(settings)) {
                OodEvaluation eval = new OodEvaluation(s);
                for (Path f : from) {
                    OodEvaluation.Prepared p = eval.prepare(f, 0, null);
                    SiteBaseline.LearnResult total = eval.learnAll(b, p);
                    System.out.printf(Locale.ROOT, "%s: %,d events, %,d learned, %,d refused by the contributor cap%n",
                            f, p.items().size(), total.learned(), total.refusedCapped());
                }
                b.save(out);
                System.out.println(Show.describe(b.summary()));
                System.out.println("written: " + out + " (chain head " + b.chainHead() + ")");
            }
            return 0;
        }
    }

    /** {@code baseline show FILE}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print a baseline file's kinds and check its learning chain.")
    static final class Show implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", description = "Baseline file.") Path file;

        @Override
        public Integer call() {
            try (SiteBaseline b = SiteBaseline.load(file)) {
                System.out.println(describe(b.summary()));
                return 0;
            } catch (java.io.IOException e) {
                System.err.println("centinela baseline show: " + e.getMessage());
                return 1;
            }
        }

        static String describe(SiteBaseline.Summary s) {
            StringBuilder sb = new StringBuilder("| kind | learned | vectors | texts | calibration | warm | median NN distance "
                    + "| p99 NN distance | classifier fires on |\n|---|---|---|---|---|---|---|---|---|\n");
            for (SiteBaseline.KindSummary k : s.kinds()) {
                sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %,d | %s | %.3f | %.3f | %.1f%% |%n", k.kind(),
                        k.learned(), k.vectors(), k.texts(), k.calibration(), k.warm() ? "yes" : "no", k.medianDistance(),
                        k.p99Distance(), 100 * k.modelOverRate()));
            }
            sb.append(String.format(Locale.ROOT, "%nlearning chain: %,d batches, head %s, %s%n", s.ledgerBatches(),
                    s.chainHead(), s.chainProblem() == null ? "verifies" : "DOES NOT VERIFY: " + s.chainProblem()));
            return sb.toString();
        }
    }

    /** {@code baseline eval}: model-driven alerts per 10,000 on the OOD stream and recall on the dev splits. */
    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Model-driven alerts per 10,000 events on an unlabelled benign stream (warm-up on its first "
                    + "part), recall/FPR on the labelled dev splits, with and without the baseline, and the trade-off curve.")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--model", description = "Model package (default: models/default).") Path model;
        @Option(names = "--ood", description = "Benign stream (default: ../shared/data/ml/ood/web/apache-site.jsonl).") Path ood;
        @Option(names = "--warm-up", defaultValue = "0.5", description = "Share of the stream that warms the baseline.") double warmUp;
        @Option(names = "--warm-per-domain", defaultValue = "2000", description = "Benign train events per domain for the dev baselines.") int warmPerDomain;
        @Option(names = "--domains", split = ",", defaultValue = "web,email,windows",
                description = "Labelled dev domains to measure recall on ('none': the stream only).") List<String> domains;
        @Option(names = "--labels-as-rule-hits", description = "Treat events labelled malicious in the stream as rule "
                + "hits when learning (as a deployment's Sigma/YARA would keep known attacks out); default: the model alone guards the warm-up.")
        boolean labelsAsRuleHits;
        @Option(names = "--curve", description = "Write the trade-off curve (alerts/10k vs recall) to this PNG.") Path curve;
        @Option(names = "--precision", defaultValue = "fp32", description = "fp32 or int8 (default: ${DEFAULT-VALUE}, as eval).") String precision;
        @Option(names = "--threads", defaultValue = "2") int threads;
        @Option(names = "--device", defaultValue = "auto") String device;

        @Override
        public Integer call() throws Exception {
            Path m = model != null ? model : ModelPaths.defaultModel();
            Path d = ModelPaths.mlData();
            Path stream = ood != null ? ood : d.resolve("ood/web/apache-site.jsonl");
            SiteBaseline.Settings settings = SiteBaseline.Settings.defaults();
            try (ClassifierScorer s = ClassifierScorer.open(m, scorer(threads, device, precision))) {
                OodEvaluation eval = new OodEvaluation(s);
                OodEvaluation.Prepared p = eval.prepare(stream, 0, null);
                Map<String, OodEvaluation.Prepared[]> labelled = new LinkedHashMap<>();
                for (String dom : domains) {
                    if (dom.equals("none")) {
                        continue;
                    }
                    labelled.put(dom, new OodEvaluation.Prepared[] {
                            eval.prepare(d.resolve(dom + "/train.jsonl"), warmPerDomain, OodEvaluation::benign, true),
                            eval.prepare(d.resolve(dom + "/dev.jsonl"), 0, OodEvaluation::threatEval, false)});
                }
                OodEvaluation.Prepared probe = labelled.containsKey("web") ? labelled.get("web")[1] : null;
                OodEvaluation.StreamResult r = eval.stream(p, warmUp, settings, FusionPolicy.defaults(), probe,
                        labelsAsRuleHits);
                List<OodEvaluation.RecallResult> rec = new ArrayList<>();
                labelled.forEach((dom, td) -> rec.add(eval.labelled(dom, td[0], td[1], warmPerDomain, settings,
                        FusionPolicy.defaults())));
                List<OodEvaluation.CurvePoint> points = null;
                if (curve != null) {
                    double[] mins = {0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999};
                    points = eval.curve(p, warmUp, labelled, warmPerDomain, settings, FusionPolicy.defaults(), mins);
                    List<OodEvaluation.CurvePoint> untrusted = eval.curve(p, warmUp, labelled, warmPerDomain, settings,
                            FusionPolicy.defaults().withModelTrustedBelowRate(0), mins);
                    Map<String, List<OodEvaluation.CurvePoint>> series = new LinkedHashMap<>();
                    series.put("dev splits, default (classifier kept where it fires on <= 25% of normal traffic)", points);
                    series.put("dev splits, novelty required everywhere (modelTrustedBelowRate 0)", untrusted);
                    if (probe != null) {
                        List<OodEvaluation.CurvePoint> cross = eval.probeCurve(p, warmUp, probe, settings,
                                FusionPolicy.defaults(), mins);
                        series.put("CSIC dev attacks against this stream's baseline", cross);
                        System.out.println(OodEvaluation.report(null, null, cross).replace("| modelMinNovelty |",
                                "| modelMinNovelty (CSIC attacks vs the stream's baseline) |"));
                    }
                    OodEvaluation.curvePng(curve, series, stream.getFileName().toString());
                    System.out.println(OodEvaluation.report(null, null, untrusted).replace("| modelMinNovelty |",
                            "| modelMinNovelty (novelty required everywhere) |"));
                }
                System.out.println(OodEvaluation.report(r, rec, points));
                System.out.println(Show.describe(r.baseline()));
            }
            return 0;
        }
    }
}
