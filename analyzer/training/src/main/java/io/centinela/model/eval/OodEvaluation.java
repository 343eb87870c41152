package io.centinela.model.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.centinela.alert.ModelDetection;
import io.centinela.baseline.SiteBaseline;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.fusion.AlertFusion;
import io.centinela.fusion.FusionPolicy;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.text.EventText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Model-driven alerts on traffic the model never saw, with and without the site baseline (issue 14).
 *
 * <p>{@link #stream}: an unlabelled benign stream (e.g. ../shared/data/ml/ood/web, real requests of one site) in
 * file (= time) order, in batches of {@value #BATCH} as the connector would see them: each batch is assessed,
 * fused without rules (so every alert is model-driven) with and without the baseline, and then learned from, the
 * baseline's own gate refusing detections (model-driven alerts only once the kind is warm). The first
 * {@code warmUpFraction} of the stream is not counted (the baseline's warm-up); the rest is measured. Requests marked {@code meta.suspect_pattern} (scanner probes
 * of paths the site does not have) are treated as a SOC treats reconnaissance noise: as if a scanner rule had
 * fired, they are never learned, and their alerts are counted on their own, not as false alerts.
 *
 * <p>{@link #labelled}: recall and false-positive rate on labelled dev splits with a baseline warmed on the same
 * domain's benign train events (the site's normal traffic, vetted: contributor cap off), against today's.
 *
 * <p>Both run the real {@link AlertFusion}: an alert with no rule hit is a model-driven alert.
 */
public final class OodEvaluation {

    static final int BATCH = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventNormalizer NORMALIZER = new EventNormalizer();

    /** One event of a prepared file: the event, its rendering, model verdict and embedding, and its tags. */
    record Item(Event event, EventText.Rendered rendered, ModelDetection detection, float[] embedding,
                boolean suspect, boolean malicious, String category) {
    }

    /** A file read, rendered and encoded once, to be measured under several settings. */
    public record Prepared(Path file, List<Item> items) {

        /** {@code first} then {@code then}, as one stream (e.g. a warm-up of one seed before a measured one). */
        public static Prepared concat(Path name, Prepared first, Prepared then) {
            List<Item> all = new ArrayList<>(first.items());
            all.addAll(then.items());
            return new Prepared(name, List.copyOf(all));
        }
    }

    /** Measured benign (non-suspect) events of one data domain and their model-driven alerts. */
    public record DomainCount(int measured, long alertsWithout, long alertsWith) {
        DomainCount plus(boolean without, boolean with) {
            return new DomainCount(measured + 1, alertsWithout + (without ? 1 : 0), alertsWith + (with ? 1 : 0));
        }
    }

    /**
     * Alerts on the measured part of a stream. {@code per10k*} count alerts on the benign, non-suspect events;
     * events labelled malicious in the stream (the demo generator's attack scenarios) are counted apart.
     */
    public record StreamResult(Path file, int events, int warmUp, int measured, int suspectMeasured,
                               long alertsWithout, long alertsWith, long suspectAlertsWithout, long suspectAlertsWith,
                               List<String> examples, SiteBaseline.Summary baseline, int probes,
                               long probeAlertsWithout, long probeAlertsWith, int attacksMeasured,
                               long attackAlertsWithout, long attackAlertsWith, List<String> attackLines,
                               Map<String, DomainCount> byDomain) {
        public double per10kWithout() {
            return per10k(alertsWithout, measured - suspectMeasured - attacksMeasured);
        }

        public double per10kWith() {
            return per10k(alertsWith, measured - suspectMeasured - attacksMeasured);
        }
    }

    /** Model-driven alerts on one labelled domain's dev events, without and with the baseline. */
    public record RecallResult(String domain, int malicious, int benign, long tpWithout, long tpWith, long fpWithout,
                               long fpWith, int warmedOn) {
        public double recallWithout() {
            return malicious == 0 ? Double.NaN : (double) tpWithout / malicious;
        }

        public double recallWith() {
            return malicious == 0 ? Double.NaN : (double) tpWith / malicious;
        }

        public double fprWithout() {
            return benign == 0 ? Double.NaN : (double) fpWithout / benign;
        }

        public double fprWith() {
            return benign == 0 ? Double.NaN : (double) fpWith / benign;
        }
    }

    /** One point of the trade-off: a {@code modelMinNovelty}, the OOD alert rate and the recall at it. */
    public record CurvePoint(double minNovelty, double per10k, double recall) {
    }

    private final ClassifierScorer scorer;
    private final AlertFusion noBaseline;

    public OodEvaluation(ClassifierScorer scorer) {
        this.scorer = scorer;
        this.noBaseline = fusion(FusionPolicy.defaults());
    }

    private static AlertFusion fusion(FusionPolicy p) {
        return new AlertFusion(p, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    /**
     * Reads, renders and scores (with embeddings) the first {@code limit} events of a JSON-lines file of
     * {@code {"event", "label", "category", "meta"}} wrappers ({@code limit <= 0}: all). {@code keep} filters the
     * wrappers ({@code null}: keep all).
     */
    public Prepared prepare(Path file, int limit, java.util.function.Predicate<JsonNode> keep) throws IOException {
        return prepare(file, limit, keep, false);
    }

    /**
     * As {@link #prepare(Path, int, java.util.function.Predicate)}; with {@code sampled}, {@code limit} events are
     * drawn at random (fixed seed) from all the kept ones instead of the first, and kept in file order.
     */
    public Prepared prepare(Path file, int limit, java.util.function.Predicate<JsonNode> keep, boolean sampled)
            throws IOException {
        List<long[]> lineNos = new ArrayList<>();
        List<JsonNode> roots = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null && (sampled || limit <= 0 || roots.size() < limit)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode root = JSON.readTree(line);
                if (keep != null && !keep.test(root)) {
                    continue;
                }
                roots.add(root);
                lineNos.add(new long[] {n, line.length()});
            }
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            idx.add(i);
        }
        if (sampled && limit > 0 && idx.size() > limit) {
            java.util.Collections.shuffle(idx, new Random(14));
            idx = new ArrayList<>(idx.subList(0, limit));
            java.util.Collections.sort(idx);
        }
        List<Event> events = new ArrayList<>();
        List<Boolean> suspect = new ArrayList<>();
        List<Boolean> malicious = new ArrayList<>();
        List<String> category = new ArrayList<>();
        for (int i : idx) {
            JsonNode root = roots.get(i);
            JsonNode ev = root.path("event").isObject() ? root.get("event") : root; // wrapper or plain event
            events.add(NORMALIZER.normalize(ev, new EventOrigin.File(file.toString(), lineNos.get(i)[0]),
                    EventFormat.AUTO, (int) lineNos.get(i)[1]));
            suspect.add(root.path("meta").path("suspect_pattern").asBoolean(false));
            malicious.add(root.path("label").asText().equals("malicious"));
            category.add(root.path("category").asText(""));
        }
        return encode(file, events, suspect, malicious, category);
    }

    /**
     * Benign events already parsed (e.g. the demo generator's background, which this module cannot see), rendered
     * and encoded as {@link #prepare(Path, int, java.util.function.Predicate)} does; {@code name} labels the stream.
     */
    public Prepared prepare(Path name, List<Event> events) {
        List<Boolean> no = java.util.Collections.nCopies(events.size(), false);
        return encode(name, events, no, no, java.util.Collections.nCopies(events.size(), ""));
    }

    private Prepared encode(Path file, List<Event> events, List<Boolean> suspect, List<Boolean> malicious,
                            List<String> category) {
        List<EventText.Rendered> rendered = events.stream().map(EventText::render).toList();
        ClassifierScorer.Embeddings emb = scorer.embedTexts(rendered.stream().map(EventText.Rendered::text).toList());
        List<Item> items = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            ModelDetection d = new ModelDetection(scorer.name(), scorer.version(), emb.scores()[i],
                    scorer.thresholdFor(rendered.get(i).domain()), List.of());
            items.add(new Item(events.get(i), rendered.get(i), d, emb.vectors()[i], suspect.get(i), malicious.get(i),
                    category.get(i)));
        }
        return new Prepared(file, items);
    }

    /** Benign wrappers only (the baseline's warm-up side of a labelled file). */
    public static boolean benign(JsonNode wrapper) {
        return wrapper.path("label").asText().equals("benign");
    }

    /** The threat classes of the model's evaluation: everything but CSIC {@code web-anomaly} (docs/model.md). */
    public static boolean threatEval(JsonNode wrapper) {
        return !wrapper.path("category").asText().equals("web-anomaly");
    }

    /** The sample of an item; a {@code suspect_pattern} probe counts as a rule hit (a scanner rule's). */
    private static SiteBaseline.Sample sample(Item it, boolean modelAlert) {
        return SiteBaseline.sample(it.event(), it.rendered().kind(), it.rendered().text(), it.embedding(),
                it.detection().score() >= it.detection().threshold(), it.suspect(), modelAlert, 0L);
    }

    /**
     * Learns every event of {@code p} in batches of {@value #BATCH}, none marked detected: for a build from
     * traffic the user vouches for ({@code baseline build}); the contributor caps still apply.
     */
    public SiteBaseline.LearnResult learnAll(SiteBaseline b, Prepared p) {
        int learned = 0;
        int capped = 0;
        String head = b.chainHead();
        List<Item> items = p.items();
        for (int s = 0; s < items.size(); s += BATCH) {
            SiteBaseline.LearnResult r = b.learn(items.subList(s, Math.min(items.size(), s + BATCH)).stream()
                    .map(it -> sample(it, false)).toList());
            learned += r.learned();
            capped += r.refusedCapped();
            head = r.batchHash();
        }
        return new SiteBaseline.LearnResult(learned, 0, capped, head);
    }

    /** Warm-up on the first part, then measure the rest batch by batch while learning (see the class comment). */
    public StreamResult stream(Prepared p, double warmUpFraction, SiteBaseline.Settings settings, FusionPolicy policy) {
        return stream(p, warmUpFraction, settings, policy, null);
    }

    /**
     * As {@link #stream(Prepared, double, SiteBaseline.Settings, FusionPolicy)}; then the malicious events of
     * {@code probe} (e.g. CSIC dev attacks, another site's) are assessed against the final baseline without
     * learning: how many attacks that do not look like this site still make model-driven alerts.
     */
    public StreamResult stream(Prepared p, double warmUpFraction, SiteBaseline.Settings settings, FusionPolicy policy,
                               Prepared probe) {
        return stream(p, warmUpFraction, settings, policy, probe, false);
    }

    /**
     * As above; with {@code labelsAsRuleHits}, events labelled malicious in the stream are learned as if a rule
     * had fired on them (never), the way Sigma/YARA keep a real deployment's known attacks out of the baseline.
     * Without it (the default) nothing but the model guards the warm-up: the worst case.
     */
    public StreamResult stream(Prepared p, double warmUpFraction, SiteBaseline.Settings settings, FusionPolicy policy,
                               Prepared probe, boolean labelsAsRuleHits) {
        AlertFusion withBaseline = fusion(policy);
        List<Item> items = p.items();
        int warm = (int) Math.round(items.size() * warmUpFraction);
        long without = 0;
        long with = 0;
        long suspectWithout = 0;
        long suspectWith = 0;
        int suspectMeasured = 0;
        int attacksMeasured = 0;
        long attackWithout = 0;
        long attackWith = 0;
        List<String> examples = new ArrayList<>();
        List<String> attackLines = new ArrayList<>();
        Map<String, DomainCount> byDomain = new java.util.TreeMap<>();
        try (SiteBaseline baseline = SiteBaseline.create(settings)) {
            // The whole stream runs as the service would see it; the warm-up part is only left out of the counts.
            for (int s = 0, e; s < items.size(); s = e) {
                e = Math.min(items.size(), s < warm ? Math.min(warm, s + BATCH) : s + BATCH); // a batch ends at the warm-up's end
                List<Item> chunk = items.subList(s, e);
                List<SiteBaseline.Sample> samples = chunk.stream().map(it -> sample(it, false)).toList();
                List<SiteBaseline.Novelty> nov = baseline.assess(samples);
                List<SiteBaseline.Sample> learn = new ArrayList<>(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    Item it = chunk.get(i);
                    boolean a0 = noBaseline.fuse(it.event(), List.of(), List.of(), it.detection()).isPresent();
                    var alert = withBaseline.fuse(it.event(), List.of(), List.of(), it.detection(), nov.get(i));
                    learn.add(samples.get(i).withDetections(it.suspect() || (labelsAsRuleHits && it.malicious()),
                            alert.isPresent()));
                    // (a malicious event of the stream is learned only if nothing caught it: that is the point)
                    if (s + i < warm) {
                        continue;
                    }
                    if (it.malicious()) {
                        attacksMeasured++;
                        attackWithout += a0 ? 1 : 0;
                        attackWith += alert.isPresent() ? 1 : 0;
                        if (attackLines.size() < 50) {
                            attackLines.add(String.format(Locale.ROOT, "%s: %s (score %.3f) -- %s -- %s", it.category(),
                                    alert.isPresent() ? "alert" : a0 ? "VETOED" : "missed by the model",
                                    it.detection().score(), cut(it.rendered().text(), 80), nov.get(i).reason()));
                        }
                    } else if (it.suspect()) {
                        suspectMeasured++;
                        suspectWithout += a0 ? 1 : 0;
                        suspectWith += alert.isPresent() ? 1 : 0;
                    } else {
                        without += a0 ? 1 : 0;
                        with += alert.isPresent() ? 1 : 0;
                        byDomain.put(it.rendered().domain(), byDomain.getOrDefault(it.rendered().domain(),
                                new DomainCount(0, 0, 0)).plus(a0, alert.isPresent()));
                        if (alert.isPresent() && examples.size() < 10) {
                            examples.add(String.format(Locale.ROOT, "%.3f %s -- %s", it.detection().score(),
                                    cut(it.rendered().text(), 120), nov.get(i).reason()));
                        }
                    }
                }
                baseline.learn(learn);
            }
            int probes = 0;
            long probeWithout = 0;
            long probeWith = 0;
            if (probe != null) {
                List<Item> attacks = probe.items().stream().filter(Item::malicious).toList();
                List<SiteBaseline.Novelty> nov = baseline.assess(attacks.stream().map(it -> sample(it, false)).toList());
                for (int i = 0; i < attacks.size(); i++) {
                    Item it = attacks.get(i);
                    probes++;
                    probeWithout += noBaseline.fuse(it.event(), List.of(), List.of(), it.detection()).isPresent() ? 1 : 0;
                    probeWith += withBaseline.fuse(it.event(), List.of(), List.of(), it.detection(), nov.get(i))
                            .isPresent() ? 1 : 0;
                }
            }
            return new StreamResult(p.file(), items.size(), warm, items.size() - warm, suspectMeasured, without, with,
                    suspectWithout, suspectWith, examples, baseline.summary(), probes, probeWithout, probeWith,
                    attacksMeasured, attackWithout, attackWith, attackLines, java.util.Collections.unmodifiableMap(byDomain));
        }
    }

    /**
     * Warms a baseline on {@code warmUpPerDomain} benign events drawn (fixed seed) from {@code train}, then counts
     * model-driven alerts on every {@code dev} event with and without it (no learning while measuring).
     */
    public RecallResult labelled(String domain, Prepared train, Prepared dev, int warmUpPerDomain,
                                 SiteBaseline.Settings settings, FusionPolicy policy) {
        AlertFusion withBaseline = fusion(policy);
        List<Item> benign = new ArrayList<>(train.items().stream().filter(it -> !it.malicious()).toList());
        if (benign.size() > warmUpPerDomain) {
            java.util.Collections.shuffle(benign, new Random(14));
        }
        List<Item> warm = benign.subList(0, Math.min(warmUpPerDomain, benign.size()));
        long tp0 = 0;
        long tp1 = 0;
        long fp0 = 0;
        long fp1 = 0;
        int mal = 0;
        int ben = 0;
        try (SiteBaseline baseline = SiteBaseline.create(settings.withMaxPerContributorPerWindow(0))) {
            for (int s = 0; s < warm.size(); s += BATCH) {
                baseline.learn(warm.subList(s, Math.min(warm.size(), s + BATCH)).stream()
                        .map(it -> sample(it, false)).toList());
            }
            List<SiteBaseline.Novelty> nov = baseline.assess(dev.items().stream().map(it -> sample(it, false)).toList());
            for (int i = 0; i < dev.items().size(); i++) {
                Item it = dev.items().get(i);
                boolean a0 = noBaseline.fuse(it.event(), List.of(), List.of(), it.detection()).isPresent();
                boolean a1 = withBaseline.fuse(it.event(), List.of(), List.of(), it.detection(), nov.get(i)).isPresent();
                if (it.malicious()) {
                    mal++;
                    tp0 += a0 ? 1 : 0;
                    tp1 += a1 ? 1 : 0;
                } else {
                    ben++;
                    fp0 += a0 ? 1 : 0;
                    fp1 += a1 ? 1 : 0;
                }
            }
        }
        return new RecallResult(domain, mal, ben, tp0, tp1, fp0, fp1, warm.size());
    }

    /**
     * The trade-off over {@code minNovelty} values under {@code base} (its other keys kept): OOD alerts/10k against
     * recall pooled over the labelled domains ({@code labelled}: domain -> {train, dev}).
     */
    public List<CurvePoint> curve(Prepared stream, double warmUpFraction, Map<String, Prepared[]> labelled,
                                  int warmUpPerDomain, SiteBaseline.Settings settings, FusionPolicy base,
                                  double[] minNovelty) {
        List<CurvePoint> out = new ArrayList<>();
        for (double m : minNovelty) {
            FusionPolicy p = base.withModelMinNovelty(m);
            StreamResult r = stream(stream, warmUpFraction, settings, p);
            long tp = 0;
            long mal = 0;
            for (Map.Entry<String, Prepared[]> e : labelled.entrySet()) {
                RecallResult rr = labelled(e.getKey(), e.getValue()[0], e.getValue()[1], warmUpPerDomain, settings, p);
                tp += rr.tpWith();
                mal += rr.malicious();
            }
            out.add(new CurvePoint(m, r.per10kWith(), mal == 0 ? Double.NaN : (double) tp / mal));
        }
        return out;
    }

    /**
     * The curve of attacks of another site ({@code probe}) assessed against this stream's baseline: OOD alerts/10k
     * against the share of the probe's attacks that still make model-driven alerts.
     */
    public List<CurvePoint> probeCurve(Prepared stream, double warmUpFraction, Prepared probe,
                                       SiteBaseline.Settings settings, FusionPolicy base, double[] minNovelty) {
        List<CurvePoint> out = new ArrayList<>();
        for (double m : minNovelty) {
            StreamResult r = stream(stream, warmUpFraction, settings, base.withModelMinNovelty(m), probe);
            out.add(new CurvePoint(m, r.per10kWith(), r.probes() == 0 ? Double.NaN
                    : (double) r.probeAlertsWith() / r.probes()));
        }
        return out;
    }

    /**
     * Curves as a PNG, one series per entry: OOD model-driven alerts per 10,000 events (x, log; 0 drawn at 0.5)
     * against dev recall (y).
     */
    public static void curvePng(Path file, Map<String, List<CurvePoint>> series, String streamName) throws IOException {
        XYChart c = new XYChartBuilder().width(760).height(520)
                .title("Site baseline trade-off over modelMinNovelty").xAxisTitle("model-driven alerts per 10,000 events on "
                        + streamName + " (0 drawn at 0.5)").yAxisTitle("recall, model-driven alerts").build();
        for (Map.Entry<String, List<CurvePoint>> e : series.entrySet()) {
            double[] x = e.getValue().stream().mapToDouble(pt -> Math.max(0.5, pt.per10k())).toArray();
            double[] y = e.getValue().stream().mapToDouble(CurvePoint::recall).toArray();
            c.addSeries(e.getKey(), x, y);
        }
        c.getStyler().setXAxisLogarithmic(true).setYAxisMin(0.0).setYAxisMax(1.0)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Markdown tables of the results. */
    public static String report(StreamResult s, List<RecallResult> recall, List<CurvePoint> curve) {
        StringBuilder sb = new StringBuilder();
        if (s != null) {
            sb.append(String.format(Locale.ROOT, "OOD stream %s: %,d events, first %,d warm the baseline, %,d measured "
                            + "(%d suspect_pattern scanner probes among them, counted apart).%n%n", s.file(), s.events(),
                    s.warmUp(), s.measured(), s.suspectMeasured()));
            sb.append(OodTable.render(List.of(new OodTable.Measured(String.valueOf(s.file().getFileName()), s)),
                    Map.of()));
            if (s.attacksMeasured() > 0) {
                sb.append(String.format(Locale.ROOT, "%nAttack events in the measured part (labelled malicious, not in "
                                + "the per-10k figures): %d of %d alert without the baseline, %d with it.%n",
                        s.attackAlertsWithout(), s.attacksMeasured(), s.attackAlertsWith()));
                s.attackLines().forEach(l -> sb.append("- ").append(cut(l, 400)).append('\n'));
            }
            if (s.probes() > 0) {
                sb.append(String.format(Locale.ROOT, "%nAttacks of another site assessed against this site's baseline "
                                + "(no learning): %d of %d alert without the baseline, %d with it.%n", s.probeAlertsWithout(),
                        s.probes(), s.probeAlertsWith()));
            }
            if (!s.examples().isEmpty()) {
                sb.append("\nAlerts left with the baseline (score, text, evidence):\n\n");
                s.examples().forEach(e -> sb.append("- ").append(e).append('\n'));
            }
            sb.append('\n');
        }
        if (recall != null && !recall.isEmpty()) {
            sb.append("| domain | warmed on (benign train) | malicious/benign dev | recall without | recall with "
                    + "| FPR without | FPR with |\n|---|---|---|---|---|---|---|\n");
            for (RecallResult r : recall) {
                sb.append(String.format(Locale.ROOT, "| %s | %,d | %d/%d | %.4f | %.4f | %.4f | %.4f |%n", r.domain(),
                        r.warmedOn(), r.malicious(), r.benign(), r.recallWithout(), r.recallWith(), r.fprWithout(),
                        r.fprWith()));
            }
            sb.append('\n');
        }
        if (curve != null && !curve.isEmpty()) {
            sb.append("| modelMinNovelty | OOD alerts / 10k | dev recall (pooled) |\n|---|---|---|\n");
            for (CurvePoint c : curve) {
                sb.append(String.format(Locale.ROOT, "| %.3f | %.1f | %.4f |%n", c.minNovelty(), c.per10k(), c.recall()));
            }
        }
        return sb.toString();
    }

    private static double per10k(long alerts, long events) {
        return events == 0 ? Double.NaN : 10_000.0 * alerts / events;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
