package io.centinela.model.eval;

import io.centinela.baseline.SiteBaseline;
import io.centinela.fusion.FusionPolicy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The out-of-distribution table that {@code eval} and {@code baseline eval} print (issue 14): model-driven alerts
 * per 10,000 benign events of streams the model never trained on, with and without the site baseline, each with
 * its one-sided 95% upper bound, beside the in-distribution dev F1 and recall of the same domain.
 *
 * <p>Each stream runs through {@link OodEvaluation#stream} (online: batches assessed, fused without rules, then
 * learned from; the first {@code warmUpFraction} is the baseline's warm-up and is not counted). A stream of several
 * domains gets a row per domain and a row for all. {@code meta.suspect_pattern} requests are left out of the benign
 * figures and counted in a footnote.
 */
public final class OodTable {

    private OodTable() {
    }

    /** A stream to measure: its first {@code warmUpFraction} warms a baseline of {@code settings}. */
    public record Source(String name, OodEvaluation.Prepared prepared, double warmUpFraction,
                         SiteBaseline.Settings settings) {
    }

    /** A measured stream. */
    public record Measured(String name, OodEvaluation.StreamResult result) {
    }

    /** Measures every source under {@code policy}, in order. */
    public static List<Measured> measure(OodEvaluation eval, List<Source> sources, FusionPolicy policy) {
        List<Measured> out = new ArrayList<>(sources.size());
        for (Source s : sources) {
            out.add(new Measured(s.name(), eval.stream(s.prepared(), s.warmUpFraction(), s.settings(), policy)));
        }
        return out;
    }

    /**
     * The Markdown table. {@code dev}: the in-distribution dev results per domain of the same run (empty: the
     * column is left out).
     */
    public static String render(List<Measured> streams, Map<String, Evaluator.DomainResult> dev) {
        boolean withDev = dev != null && !dev.isEmpty();
        StringBuilder sb = new StringBuilder("| OOD stream (benign) | domain | measured events | alerts without baseline "
                + "| per 10k (95% upper) | alerts with baseline | per 10k (95% upper) |"
                + (withDev ? " dev F1 / recall (in distribution) |" : "") + "\n|---|---|---|---|---|---|---|"
                + (withDev ? "---|" : "") + "\n");
        int suspect = 0;
        long suspectWithout = 0;
        long suspectWith = 0;
        for (Measured m : streams) {
            OodEvaluation.StreamResult r = m.result();
            Map<String, OodEvaluation.DomainCount> doms = r.byDomain();
            for (Map.Entry<String, OodEvaluation.DomainCount> e : doms.entrySet()) {
                row(sb, m.name(), e.getKey(), e.getValue(), withDev ? dev.get(e.getKey()) : null, withDev);
            }
            if (doms.size() != 1) { // one domain: its row is the stream's
                int n = doms.values().stream().mapToInt(OodEvaluation.DomainCount::measured).sum();
                row(sb, m.name(), "**all**", new OodEvaluation.DomainCount(n, r.alertsWithout(), r.alertsWith()), null,
                        withDev);
            }
            suspect += r.suspectMeasured();
            suspectWithout += r.suspectAlertsWithout();
            suspectWith += r.suspectAlertsWith();
        }
        sb.append(String.format(Locale.ROOT, "%nModel-driven alerts = alerts of the real fusion with no rule running. "
                + "Each stream runs in batches of %d as the connector sees it; its warm-up part is not counted. 95%% upper: "
                + "one-sided Clopper-Pearson bound on the alert rate (0 of n gives about 3/n, the rule of three).%n",
                OodEvaluation.BATCH));
        if (suspect > 0) {
            sb.append(String.format(Locale.ROOT, "Suspect requests alerted: %d of %d without the baseline, %d with it "
                    + "(`meta.suspect_pattern` scanner probes, treated as if a scanner rule had fired: never learned and "
                    + "not in the benign figures above).%n", suspectWithout, suspect, suspectWith));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, String stream, String domain, OodEvaluation.DomainCount c,
                            Evaluator.DomainResult dev, boolean withDev) {
        sb.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,d | %,.1f (%,.1f) | %,d | %,.1f (%,.1f) |", stream, domain,
                c.measured(), c.alertsWithout(), per10k(c.alertsWithout(), c.measured()),
                10_000 * upper95(c.alertsWithout(), c.measured()), c.alertsWith(), per10k(c.alertsWith(), c.measured()),
                10_000 * upper95(c.alertsWith(), c.measured())));
        if (withDev) {
            sb.append(dev == null ? " - |" : String.format(Locale.ROOT, " %.4f / %.4f |", dev.at().f1(), dev.at().recall()));
        }
        sb.append('\n');
    }

    static double per10k(long k, long n) {
        return n == 0 ? Double.NaN : 10_000.0 * k / n;
    }

    /**
     * One-sided 95% Clopper-Pearson upper bound on a rate with {@code k} of {@code n}: the p at which
     * P(X <= k | n, p) = 0.05, by bisection over the binomial CDF summed in log space (no underflow at n = 10^5).
     */
    static double upper95(long k, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        if (k >= n) {
            return 1.0;
        }
        double lo = (double) k / n;
        double hi = 1.0;
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            if (cdf(k, n, mid) > 0.05) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    private static double cdf(long k, long n, double p) {
        double logTerm = n * Math.log1p(-p);
        double logOdds = Math.log(p) - Math.log1p(-p);
        double max = logTerm;
        double[] terms = new double[(int) k + 1];
        terms[0] = logTerm;
        for (int i = 0; i < k; i++) {
            logTerm += Math.log(n - i) - Math.log(i + 1) + logOdds;
            terms[i + 1] = logTerm;
            max = Math.max(max, logTerm);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return Math.exp(max + Math.log(sum));
    }
}
