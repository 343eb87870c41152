package io.centinela.bench;

import io.centinela.model.serve.ScorerOptions;
import io.centinela.model.serve.DeviceChoice;
import io.centinela.model.serve.MergedModel;
import io.centinela.model.serve.ClassifierScorer;
import io.centinela.model.serve.EncoderSession;
import io.centinela.event.Event;
import io.centinela.event.EventFormat;
import io.centinela.event.EventNormalizer;
import io.centinela.event.EventOrigin;
import io.centinela.model.pkg.ModelPackage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of the classifier on this machine: raw encoder sequences/s (batch 1/16/64, seq 64/128, int8 and
 * fp32; every sequence exactly that long) and end-to-end events/s through rendering, tokenizing, dynamic
 * batching and the score cache on a shuffled mix of labelled events (cold cache, then the same events again).
 */
public final class ModelBench {

    /** What to run. */
    public record Options(Path packageDir, List<Path> data, int threads, double secondsPerCase, int maxEvents,
                          List<MergedModel.Precision> precisions, int[] batches, int[] seqs, Path reference,
                          int rounds, DeviceChoice.Mode device) {

        public Options(Path packageDir, List<Path> data, int threads, double secondsPerCase, int maxEvents,
                       List<MergedModel.Precision> precisions, int[] batches, int[] seqs) {
            this(packageDir, data, threads, secondsPerCase, maxEvents, precisions, batches, seqs, null, 0, DeviceChoice.Mode.CPU);
        }
    }

    private final Options opt;
    private final PrintStream out;

    public ModelBench(Options opt, PrintStream out) {
        this.opt = opt;
        this.out = out;
    }

    public void run() throws IOException {
        ModelPackage pkg = ModelPackage.load(opt.packageDir());
        out.printf(Locale.ROOT, "machine: %d cores visible, load average %.2f; ONNX Runtime threads %d; device %s%n",
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), opt.threads(),
                DeviceChoice.decide(opt.device()));
        out.println();
        out.println("| precision | seq | batch | sequences/s |");
        out.println("|---|---|---|---|");
        Random rnd = new Random(1);
        for (MergedModel.Precision p : opt.precisions()) {
            MergedModel.Built built = MergedModel.build(pkg, p, MergedModel.defaultCacheDir());
            try (EncoderSession s = new EncoderSession(built, opt.threads(), DeviceChoice.decide(opt.device()))) {
                for (int seq : opt.seqs()) {
                    for (int b : opt.batches()) {
                        List<long[]> batch = new ArrayList<>();
                        for (int i = 0; i < b; i++) {
                            long[] ids = new long[seq];
                            ids[0] = 101;
                            for (int j = 1; j < seq - 1; j++) {
                                ids[j] = 1000 + rnd.nextInt(28000);
                            }
                            ids[seq - 1] = 102;
                            batch.add(ids);
                        }
                        s.score(batch); // warm-up
                        long n = 0;
                        long t0 = System.nanoTime();
                        while (System.nanoTime() - t0 < opt.secondsPerCase() * 1e9) {
                            s.score(batch);
                            n += b;
                        }
                        double secs = (System.nanoTime() - t0) / 1e9;
                        out.printf(Locale.ROOT, "| %s | %d | %d | %.1f |%n", p, seq, b, n / secs);
                    }
                }
            }
        }
        List<Event> events = loadEvents();
        endToEnd(pkg, events);
        if (opt.reference() != null) {
            compare(pkg, ModelPackage.load(opt.reference()), events);
        }
    }

    /**
     * End-to-end cold-cache events/s of this package against a reference package in the same process, in
     * alternating rounds (a fresh scorer per pass, so every pass is cold), so machine noise hits both alike.
     */
    private void compare(ModelPackage pkg, ModelPackage ref, List<Event> events) {
        out.println();
        out.printf(Locale.ROOT, "end to end, cold cache, against %s %s (%d alternating rounds, same events):%n",
                ref.config().name(), ref.config().version(), Math.max(1, opt.rounds()));
        out.println("| round | " + pkg.config().version() + " events/s | " + ref.config().version() + " events/s | ratio |");
        out.println("|---|---|---|---|");
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= Math.max(1, opt.rounds()); r++) {
            double a;
            double b;
            if (r % 2 == 1) {
                a = coldPass(pkg, events);
                b = coldPass(ref, events);
            } else {
                b = coldPass(ref, events);
                a = coldPass(pkg, events);
            }
            ratios.add(a / b);
            out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.2f |%n", r, a, b, a / b);
        }
        Collections.sort(ratios);
        out.printf(Locale.ROOT, "median ratio %.2f%n", ratios.get(ratios.size() / 2));
        agreement(pkg, ref, events);
    }

    /**
     * Score and decision agreement of the two packages on the same events, per domain: mean |score difference|,
     * Pearson correlation, and the share of events on which both decide alike, each at its own domain threshold.
     */
    private void agreement(ModelPackage pkg, ModelPackage ref, List<Event> events) {
        List<io.centinela.alert.ModelDetection> a;
        List<io.centinela.alert.ModelDetection> b;
        try (ClassifierScorer sa = openWarm(pkg, events); ClassifierScorer sb = openWarm(ref, events)) {
            a = scoreList(sa, events);
            b = scoreList(sb, events);
        }
        java.util.Map<String, List<Integer>> byDomain = new java.util.TreeMap<>();
        for (int i = 0; i < events.size(); i++) {
            byDomain.computeIfAbsent(io.centinela.text.EventText.render(events.get(i)).domain(), k -> new ArrayList<>()).add(i);
        }
        byDomain.put("all", java.util.stream.IntStream.range(0, events.size()).boxed().toList());
        out.println();
        out.printf(Locale.ROOT, "agreement of %s %s with %s %s (%s, same events; decisions at each package's own domain thresholds):%n",
                pkg.config().name(), pkg.config().version(), ref.config().name(), ref.config().version(),
                opt.precisions().get(0));
        out.println("| domain | events | mean abs score diff | correlation | decision agreement | flagged (this / reference) |");
        out.println("|---|---|---|---|---|---|");
        for (var e : byDomain.entrySet()) {
            List<Integer> idx = e.getValue();
            double sumAbs = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            int same = 0;
            int flagA = 0;
            int flagB = 0;
            for (int i : idx) {
                double x = a.get(i).score();
                double y = b.get(i).score();
                sumAbs += Math.abs(x - y);
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
                boolean da = x >= a.get(i).threshold();
                boolean db = y >= b.get(i).threshold();
                same += da == db ? 1 : 0;
                flagA += da ? 1 : 0;
                flagB += db ? 1 : 0;
            }
            int n = idx.size();
            double cov = sxy - sx * sy / n;
            double den = Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
            out.printf(Locale.ROOT, "| %s | %d | %.4f | %s | %.4f | %d / %d |%n", e.getKey(), n, sumAbs / n,
                    den > 0 ? String.format(Locale.ROOT, "%.4f", cov / den) : "-", (double) same / n, flagA, flagB);
        }
    }

    private static List<io.centinela.alert.ModelDetection> scoreList(ClassifierScorer scorer, List<Event> events) {
        List<io.centinela.alert.ModelDetection> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i += 256) {
            out.addAll(scorer.score(events.subList(i, Math.min(events.size(), i + 256)), false));
        }
        return out;
    }

    private double coldPass(ModelPackage pkg, List<Event> events) {
        try (ClassifierScorer scorer = openWarm(pkg, events)) {
            return events.size() / scoreAll(scorer, events);
        }
    }

    /**
     * Scorer as the connector runs it (int8 on CPU by default: the first of the precisions, on the chosen device),
     * after a warm-up call (its texts count as cache hits later).
     */
    private ClassifierScorer openWarm(ModelPackage pkg, List<Event> events) {
        ClassifierScorer scorer = new ClassifierScorer(pkg, ScorerOptions.defaults().withThreads(opt.threads())
                .withPrecision(opt.precisions().get(0)).withDevice(opt.device()).withMaxBatch(64));
        scorer.score(events.subList(0, Math.min(16, events.size())), false);
        return scorer;
    }

    /** Scores the events in connector-sized calls of 256; returns the seconds taken. */
    private static double scoreAll(ClassifierScorer scorer, List<Event> events) {
        long t0 = System.nanoTime();
        for (int i = 0; i < events.size(); i += 256) {
            scorer.score(events.subList(i, Math.min(events.size(), i + 256)), false);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void endToEnd(ModelPackage pkg, List<Event> events) {
        out.println();
        out.printf(Locale.ROOT, "end to end: %d events (shuffled dev mix), %s, %d threads, connector-sized calls of 256%n",
                events.size(), opt.precisions().get(0), opt.threads());
        out.println("| pass | events/s | cache hits | batches | mean batch |");
        out.println("|---|---|---|---|---|");
        try (ClassifierScorer scorer = openWarm(pkg, events)) {
            for (String pass : List.of("cold cache", "repeat (warm cache)")) {
                long hits0 = scorer.cache().hits();
                long b0 = scorer.batcher().batches();
                long s0 = scorer.batcher().sequences();
                double secs = scoreAll(scorer, events);
                long batches = scorer.batcher().batches() - b0;
                out.printf(Locale.ROOT, "| %s | %.1f | %d | %d | %.1f |%n", pass, events.size() / secs,
                        scorer.cache().hits() - hits0, batches,
                        batches == 0 ? 0.0 : (double) (scorer.batcher().sequences() - s0) / batches);
            }
        }
    }

    private List<Event> loadEvents() throws IOException {
        ObjectMapper json = new ObjectMapper();
        EventNormalizer norm = new EventNormalizer();
        List<Event> events = new ArrayList<>();
        for (Path f : opt.data()) {
            long n = 0;
            for (String line : Files.readAllLines(f)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode ev = json.readTree(line).get("event");
                events.add(norm.normalize(ev, new EventOrigin.File(f.toString(), n), EventFormat.AUTO, line.length()));
            }
        }
        Collections.shuffle(events, new Random(7));
        return opt.maxEvents() > 0 && events.size() > opt.maxEvents() ? events.subList(0, opt.maxEvents()) : events;
    }

    static String ints(int[] a) {
        return Arrays.toString(a);
    }
}
