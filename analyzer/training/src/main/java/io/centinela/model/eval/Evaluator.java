package io.centinela.model.eval;

import io.centinela.model.metrics.BinaryMetrics;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.centinela.model.pkg.ModelPackage;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.train.CommandAugmenter;
import io.centinela.model.train.Example;
import io.centinela.model.train.LabelledData;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores labelled files with a package through the serving path (ONNX Runtime) and writes report.md,
 * metrics.json, roc.png and pr.png: precision, recall, F1, ROC AUC, PR AUC and FPR at the threshold, per domain
 * and per category / Windows event kind, with confusion matrices. With {@code calibrate}, the threshold is chosen
 * on these files for the target false-positive rate (per domain; the package stores the strictest) and written
 * into the package.
 */
public final class Evaluator {

    /** What to evaluate and where to write. */
    public record Options(Path packageDir, List<Path> data, Path out, boolean calibrate, double targetFpr,
                          ScorerOptions scorer, LabelledData.Filter filter, boolean compareInt8, String command,
                          boolean obfuscation) {

        public Options(Path packageDir, List<Path> data, Path out, boolean calibrate, double targetFpr,
                       ScorerOptions scorer, LabelledData.Filter filter, boolean compareInt8, String command) {
            this(packageDir, data, out, calibrate, targetFpr, scorer, filter, compareInt8, command, false);
        }
    }

    /** Headline numbers per domain. */
    public record DomainResult(String domain, BinaryMetrics metrics, BinaryMetrics.AtThreshold at) {
    }

    /** Label basis of events labelled malicious because an ancestor process was (see the data's SOURCE.md). */
    static final String ANCESTRY_BASIS = "process_link";
    static final String TEXT_VISIBLE = "labels visible in the text";

    private final Options opt;
    private final PrintStream log;

    public Evaluator(Options opt, PrintStream log) {
        this.opt = opt;
        this.log = log;
    }

    public Map<String, DomainResult> run() throws IOException {
        ModelPackage pkg = ModelPackage.load(opt.packageDir());
        List<Example> examples = new ArrayList<>();
        Map<String, String> dataHashes = new LinkedHashMap<>();
        for (Path f : opt.data()) {
            LabelledData.Loaded l = LabelledData.load(f, opt.filter(), pkg.config().rendering());
            examples.addAll(l.examples());
            dataHashes.put(f.toString(), l.sha256());
            if (l.skipped() > 0) {
                log.printf("%s: %d lines skipped (%s)%n", f, l.skipped(), l.errors().get(0));
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no labelled examples in " + opt.data());
        }
        double[] scores;
        long t0 = System.nanoTime();
        try (ClassifierScorer scorer = new ClassifierScorer(pkg, opt.scorer())) {
            scores = toDouble(scorer.scoreTexts(examples.stream().map(Example::text).toList()));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        log.printf("scored %d events in %.1f s (%.0f/s, %s)%n", examples.size(), secs, examples.size() / secs,
                opt.scorer().precision());

        Map<String, Double> domainThresholds = new TreeMap<>();
        double threshold = pkg.config().threshold();
        Map<String, BinaryMetrics> byDomain = group(examples, scores, Example::domain);
        if (opt.calibrate()) {
            threshold = 0;
            for (Map.Entry<String, BinaryMetrics> e : byDomain.entrySet()) {
                double t = e.getValue().thresholdForFpr(opt.targetFpr());
                domainThresholds.put(e.getKey(), t);
                threshold = Math.max(threshold, t);
            }
            pkg = pkg.withThreshold(threshold, opt.targetFpr(), domainThresholds);
            log.printf("calibrated threshold %.6f for FPR <= %.3f per domain %s; written to %s%n", threshold,
                    opt.targetFpr(), domainThresholds, pkg.dir());
        }
        Files.createDirectories(opt.out());
        Map<String, Double> thresholds = pkg.config().domainThresholds() == null ? Map.of() : pkg.config().domainThresholds();
        final double global = threshold;
        java.util.function.Function<String, Double> tFor = d -> thresholds.getOrDefault(d, global);
        Map<String, DomainResult> results = new LinkedHashMap<>();
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (Map.Entry<String, BinaryMetrics> e : byDomain.entrySet()) {
            BinaryMetrics.AtThreshold at = e.getValue().at(tFor.apply(e.getKey()));
            results.put(e.getKey(), new DomainResult(e.getKey(), e.getValue(), at));
            tp += at.tp();
            fp += at.fp();
            tn += at.tn();
            fn += at.fn();
        }
        BinaryMetrics.AtThreshold allAt = new BinaryMetrics.AtThreshold(Double.NaN, tp, fp, tn, fn);
        BinaryMetrics all = new BinaryMetrics(scores, examples.stream().mapToInt(Example::label).toArray());
        Map<String, BinaryMetrics> byGroup = group(examples, scores, e -> e.domain() + "/" + e.group());
        Map<String, BinaryMetrics> bySlice = new TreeMap<>();
        for (String slice : List.of("priority", "label basis")) {
            bySlice.putAll(group(examples, scores, e -> e.slices().containsKey(slice)
                    ? e.domain() + "/" + slice + "=" + e.slices().get(slice) : null));
        }
        // Labels given by process ancestry are not visible in the event's own text: report the rest on its own.
        bySlice.putAll(group(examples, scores, e -> e.slices().containsKey("label basis")
                && !(e.label() == 1 && ANCESTRY_BASIS.equals(e.slices().get("label basis")))
                ? e.domain() + "/" + TEXT_VISIBLE : null));
        Charts.roc(opt.out().resolve("roc.png"), byDomain);
        Charts.pr(opt.out().resolve("pr.png"), byDomain);

        writeScores(opt.out().resolve("scores.jsonl"), examples, scores, tFor);
        String int8Check = opt.compareInt8() ? compareInt8(pkg, examples, scores, tFor) : null;
        List<Map<String, Object>> robustness = opt.obfuscation() ? obfuscation(pkg, examples, scores, tFor) : List.of();
        String md = report(pkg, results, all, allAt, byGroup, bySlice, tFor, dataHashes, secs, examples.size(), int8Check,
                robustnessReport(robustness));
        Files.writeString(opt.out().resolve("report.md"), md);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("package", pkg.config().name() + " " + pkg.config().version());
        json.put("threshold", threshold);
        json.put("domain_thresholds", thresholds);
        json.put("target_fpr", opt.targetFpr());
        json.put("precision_mode", opt.scorer().precision().toString());
        Map<String, Object> doms = new LinkedHashMap<>();
        results.forEach((k, r) -> doms.put(k, summary(r.metrics(), r.at())));
        json.put("domains", doms);
        json.put("overall", summary(all, allAt));
        Map<String, Object> groups = new LinkedHashMap<>();
        byGroup.forEach((k, m) -> groups.put(k, summary(m, m.at(tFor.apply(k.substring(0, k.indexOf('/')))))));
        json.put("groups", groups);
        Map<String, Object> slices = new LinkedHashMap<>();
        bySlice.forEach((k, m) -> slices.put(k, summary(m, m.at(tFor.apply(k.substring(0, k.indexOf('/')))))));
        json.put("slices", slices);
        if (opt.obfuscation()) {
            json.put("obfuscation", robustness);
        }
        json.put("data", dataHashes);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(opt.out().resolve("metrics.json").toFile(), json);
        log.println(md);
        return results;
    }

    private String compareInt8(ModelPackage pkg, List<Example> examples, double[] fp32Scores,
                               java.util.function.Function<String, Double> tFor) {
        ScorerOptions o = opt.scorer().withPrecision(opt.scorer().precision() == MergedModel.Precision.INT8
                ? MergedModel.Precision.FP32 : MergedModel.Precision.INT8);
        double[] other;
        try (ClassifierScorer s = new ClassifierScorer(pkg, o)) {
            other = toDouble(s.scoreTexts(examples.stream().map(Example::text).toList()));
        }
        int agree = 0;
        double maxDiff = 0;
        double sumDiff = 0;
        for (int i = 0; i < other.length; i++) {
            double threshold = tFor.apply(examples.get(i).domain());
            if ((other[i] >= threshold) == (fp32Scores[i] >= threshold)) {
                agree++;
            }
            double d = Math.abs(other[i] - fp32Scores[i]);
            maxDiff = Math.max(maxDiff, d);
            sumDiff += d;
        }
        BinaryMetrics m = new BinaryMetrics(other, examples.stream().mapToInt(Example::label).toArray());
        return String.format(Locale.ROOT, "%s vs %s on the same %d events: decisions at the domain thresholds agree on %d "
                        + "(%.2f%%), mean |score difference| %.4f, max %.4f; %s ROC AUC over all events %.4f",
                o.precision(), opt.scorer().precision(), other.length, agree, 100.0 * agree / other.length,
                sumDiff / other.length, maxDiff, o.precision(), m.rocAuc());
    }

    /**
     * One line per scored event (id, domain, group, label, score, decision, rendered text) so that errors can be
     * read one by one; the report's figures are computed from exactly these scores.
     */
    private static void writeScores(Path file, List<Example> examples, double[] scores, Function<String, Double> tFor)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (var w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.id());
                row.put("domain", e.domain());
                row.put("group", e.group());
                row.put("category", e.category());
                row.put("label", e.label() == 1 ? "malicious" : "benign");
                row.put("score", scores[i]);
                row.put("flagged", scores[i] >= tFor.apply(e.domain()));
                row.put("slices", e.slices());
                row.put("text", e.text());
                w.write(json.writeValueAsString(row));
                w.newLine();
            }
        }
    }

    /**
     * Robustness to command-line obfuscation: every process start with a command line is re-scored once per
     * {@link CommandAugmenter#STYLES style} (fixed seed per event and style). Per style: recall of the malicious
     * ones and FPR of the benign ones at the domain threshold, before and after.
     */
    private List<Map<String, Object>> obfuscation(ModelPackage pkg, List<Example> examples, double[] scores,
                                                  Function<String, Double> tFor) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (CommandAugmenter.hasCommand(examples.get(i).text())) {
                idx.add(i);
            }
        }
        List<String> texts = new ArrayList<>();
        for (int style = 0; style < CommandAugmenter.STYLES.size(); style++) {
            for (int i : idx) {
                Example e = examples.get(i);
                texts.add(CommandAugmenter.obfuscateCmd(e.text(), new java.util.Random(e.id().hashCode() * 31L + style), style));
            }
        }
        double[] obf;
        try (ClassifierScorer s = new ClassifierScorer(pkg, opt.scorer())) {
            obf = toDouble(s.scoreTexts(texts));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int style = 0; style < CommandAugmenter.STYLES.size(); style++) {
            long mal = 0, ben = 0, tpBefore = 0, tpAfter = 0, fpBefore = 0, fpAfter = 0;
            for (int j = 0; j < idx.size(); j++) {
                Example e = examples.get(idx.get(j));
                double t = tFor.apply(e.domain());
                boolean before = scores[idx.get(j)] >= t;
                boolean after = obf[style * idx.size() + j] >= t;
                if (e.label() == 1) {
                    mal++;
                    tpBefore += before ? 1 : 0;
                    tpAfter += after ? 1 : 0;
                } else {
                    ben++;
                    fpBefore += before ? 1 : 0;
                    fpAfter += after ? 1 : 0;
                }
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("style", CommandAugmenter.STYLES.get(style));
            r.put("malicious", mal);
            r.put("benign", ben);
            r.put("recall_before", mal == 0 ? Double.NaN : (double) tpBefore / mal);
            r.put("recall_after", mal == 0 ? Double.NaN : (double) tpAfter / mal);
            r.put("fpr_before", ben == 0 ? Double.NaN : (double) fpBefore / ben);
            r.put("fpr_after", ben == 0 ? Double.NaN : (double) fpAfter / ben);
            rows.add(r);
        }
        return rows;
    }

    private static String robustnessReport(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n## Obfuscated command lines\n\nEvery process start with a command line, "
                + "re-scored with its command obfuscated in one style (same thresholds):\n\n"
                + "| style | n (mal/ben) | recall before | recall after | FPR before | FPR after |\n|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %d/%d | %.4f | %.4f | %.4f | %.4f |%n", r.get("style"),
                    (Long) r.get("malicious"), (Long) r.get("benign"), (Double) r.get("recall_before"),
                    (Double) r.get("recall_after"), (Double) r.get("fpr_before"), (Double) r.get("fpr_after")));
        }
        return sb.toString();
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** Metrics per key; examples whose key is null are left out. */
    private static Map<String, BinaryMetrics> group(List<Example> ex, double[] scores, Function<Example, String> key) {
        Map<String, List<Integer>> idx = new TreeMap<>();
        for (int i = 0; i < ex.size(); i++) {
            String k = key.apply(ex.get(i));
            if (k != null) {
                idx.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
            }
        }
        Map<String, BinaryMetrics> out = new TreeMap<>();
        idx.forEach((k, ids) -> {
            double[] s = new double[ids.size()];
            int[] y = new int[ids.size()];
            for (int j = 0; j < ids.size(); j++) {
                s[j] = scores[ids.get(j)];
                y[j] = ex.get(ids.get(j)).label();
            }
            out.put(k, new BinaryMetrics(s, y));
        });
        return out;
    }

    private static Map<String, Object> summary(BinaryMetrics m, BinaryMetrics.AtThreshold at) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("n", m.size());
        s.put("malicious", m.positives());
        s.put("benign", m.negatives());
        s.put("precision", at.precision());
        s.put("recall", at.recall());
        s.put("f1", at.f1());
        s.put("fpr", at.fpr());
        s.put("roc_auc", m.rocAuc());
        s.put("pr_auc", m.prAuc());
        s.put("tp", at.tp());
        s.put("fp", at.fp());
        s.put("tn", at.tn());
        s.put("fn", at.fn());
        return s;
    }

    private String report(ModelPackage pkg, Map<String, DomainResult> results, BinaryMetrics all,
                          BinaryMetrics.AtThreshold allAt, Map<String, BinaryMetrics> byGroup,
                          Map<String, BinaryMetrics> bySlice, java.util.function.Function<String, Double> tFor, Map<String, String> data, double secs,
                          int n, String int8Check, String robustness) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Classifier evaluation: ").append(pkg.config().name()).append(' ').append(pkg.config().version()).append("\n\n");
        sb.append("Command: `").append(opt.command()).append("`\n\n");
        sb.append(String.format(Locale.ROOT, "Served through ONNX Runtime (%s, %d threads); %d events scored in %.1f s. "
                        + "Per-domain thresholds chosen on dev for FPR <= %.1f%%: %s (global fallback %.6f).%n%n",
                opt.scorer().precision(), opt.scorer().threads(), n, secs, 100 * pkg.config().targetFpr(),
                pkg.config().domainThresholds(), pkg.config().threshold()));
        sb.append("| domain | n (mal/ben) | precision | recall | F1 | FPR | ROC AUC | PR AUC |\n|---|---|---|---|---|---|---|---|\n");
        for (DomainResult r : results.values()) {
            row(sb, r.domain(), r.metrics(), r.at());
        }
        row(sb, "**all**", all, allAt);
        sb.append("\n## Confusion matrices at the threshold\n\n| domain | TP | FN | FP | TN |\n|---|---|---|---|---|\n");
        for (DomainResult r : results.values()) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", r.domain(), r.at().tp(), r.at().fn(),
                    r.at().fp(), r.at().tn()));
        }
        sb.append("\n## Per category / Windows event kind\n\n| group | n (mal/ben) | precision | recall | F1 | FPR | ROC AUC | PR AUC |\n|---|---|---|---|---|---|---|---|\n");
        byGroup.forEach((k, m) -> row(sb, k, m, m.at(tFor.apply(k.substring(0, k.indexOf('/'))))));
        if (!bySlice.isEmpty()) {
            sb.append("\n## Slices from the data's provenance (meta; never part of the model's text)\n\n")
                    .append("`priority` is the Windows event kind class of the data set (high = process starts and script "
                            + "blocks). `label basis` is why the labeller called an event malicious; `process_link` means "
                            + "by process ancestry, which the event's own text does not show. `" + TEXT_VISIBLE + "` = all "
                            + "benign events plus the malicious ones not labelled by ancestry. Same domain thresholds.\n\n")
                    .append("| slice | n (mal/ben) | precision | recall | F1 | FPR | ROC AUC | PR AUC |\n|---|---|---|---|---|---|---|---|\n");
            bySlice.forEach((k, m) -> row(sb, k, m, m.at(tFor.apply(k.substring(0, k.indexOf('/'))))));
        }
        if (int8Check != null) {
            sb.append("\n## int8 vs fp32\n\n").append(int8Check).append("\n");
        }
        sb.append(robustness);
        sb.append("\nCurves: roc.png, pr.png; every event's score: scores.jsonl. Data files (SHA-256):\n\n");
        data.forEach((f, h) -> sb.append("- ").append(f).append(" `").append(h).append("`\n"));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, BinaryMetrics m, BinaryMetrics.AtThreshold at) {
        sb.append(String.format(Locale.ROOT, "| %s | %d (%d/%d) | %s | %s | %s | %s | %s | %s |%n", name, m.size(),
                m.positives(), m.negatives(), f(at.precision(), at.tp() + at.fp() > 0), f(at.recall(), m.positives() > 0),
                f(at.f1(), m.positives() > 0), f(at.fpr(), m.negatives() > 0), f(m.rocAuc(), true), f(m.prAuc(), true)));
    }

    private static String f(double v, boolean defined) {
        return !defined || Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
