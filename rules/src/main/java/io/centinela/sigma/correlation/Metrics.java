package io.centinela.sigma.correlation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The metric of each correlation type over one window's contributions, and whether the condition holds. Pure. */
final class Metrics {

    /** The metric, whether it met the condition and the values behind it (value_count, value_percentile). */
    record Result(double value, boolean holds, List<String> values) {
    }

    private Metrics() {
    }

    static Result evaluate(CompiledCorrelation cc, List<Contribution> w) {
        Threshold t = cc.threshold();
        return switch (cc.type()) {
            case EVENT_COUNT -> simple(w.size(), t);
            case VALUE_COUNT -> {
                TreeSet<String> distinct = new TreeSet<>();
                for (Contribution c : w) {
                    if (c.value() != null) distinct.add(c.value());
                }
                yield new Result(distinct.size(), t.test(distinct.size()),
                        distinct.stream().map(v -> v.replace('\u001f', ',')).toList());
            }
            case TEMPORAL -> {
                boolean[] seen = new boolean[cc.slotKeys().size()];
                int n = 0;
                for (Contribution c : w) {
                    if (!seen[c.slot()]) {
                        seen[c.slot()] = true;
                        n++;
                    }
                }
                yield simple(n, t);
            }
            case TEMPORAL_ORDERED -> {
                // Longest prefix of the rule list found in event-time order: taking each rule's earliest hit after
                // the previous rule's gives the longest prefix.
                int next = 0;
                for (Contribution c : w) {
                    if (next < cc.slotKeys().size() && c.slot() == next) {
                        next++;
                    }
                }
                yield simple(next, t);
            }
            case VALUE_SUM -> {
                double[] xs = numbers(w);
                yield xs.length == 0 ? none() : simple(Arrays.stream(xs).sum(), t);
            }
            case VALUE_AVG -> {
                double[] xs = numbers(w);
                yield xs.length == 0 ? none() : simple(Arrays.stream(xs).sum() / xs.length, t);
            }
            case VALUE_MEDIAN -> {
                double[] xs = numbers(w);
                if (xs.length == 0) yield none();
                Arrays.sort(xs);
                int m = xs.length / 2;
                yield simple(xs.length % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2, t);
            }
            case VALUE_PERCENTILE -> percentile(w, t);
        };
    }

    /**
     * value_percentile: each value's share of the window's hits that carry the field, in percent; the condition is
     * tested per value (the specification's example, {@code lte: 1}, finds values seen in at most 1% of events).
     * The metric reported is the share of the rarest value that met it.
     */
    private static Result percentile(List<Contribution> w, Threshold t) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        for (Contribution c : w) {
            if (c.value() != null) {
                counts.merge(c.value(), 1, Integer::sum);
                total++;
            }
        }
        if (total == 0) {
            return none();
        }
        record Share(String value, double pct) {
        }
        List<Share> met = new ArrayList<>();
        for (var e : counts.entrySet()) {
            double pct = 100.0 * e.getValue() / total;
            if (t.test(pct)) met.add(new Share(e.getKey(), pct));
        }
        if (met.isEmpty()) {
            return new Result(0, false, List.of());
        }
        met.sort(Comparator.comparingDouble(Share::pct).thenComparing(Share::value));
        return new Result(met.get(0).pct(), true, met.stream().map(Share::value).toList());
    }

    private static Result simple(double v, Threshold t) {
        return new Result(v, t.test(v), List.of());
    }

    private static Result none() {
        return new Result(0, false, List.of());
    }

    private static double[] numbers(List<Contribution> w) {
        double[] out = new double[w.size()];
        int n = 0;
        for (Contribution c : w) {
            if (c.value() == null) continue;
            try {
                double d = Double.parseDouble(c.value().trim());
                if (!Double.isNaN(d) && !Double.isInfinite(d)) out[n++] = d;
            } catch (NumberFormatException ignored) {
                // not a number: the hit still counts for the window, not for the arithmetic
            }
        }
        return Arrays.copyOf(out, n);
    }
}
