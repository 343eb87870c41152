package io.centinela.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Token-length distribution of rendered texts per group (event kind or domain): median, p90, p99, max and the
 * share that fits a given sequence length. Used to check that most events fit in 64 tokens.
 */
public final class TokenLengthStats {

    private final Map<String, List<Integer>> lengths = new TreeMap<>();

    public void add(String group, int tokens) {
        lengths.computeIfAbsent(group, k -> new ArrayList<>()).add(tokens);
    }

    /** A Markdown table. */
    public String table(int fitLength) {
        StringBuilder sb = new StringBuilder();
        sb.append("| group | n | median | p90 | p99 | max | fits ").append(fitLength).append(" |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Integer>> e : lengths.entrySet()) {
            int[] v = e.getValue().stream().mapToInt(Integer::intValue).sorted().toArray();
            long fit = Arrays.stream(v).filter(x -> x <= fitLength).count();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %.1f%% |%n", e.getKey(), v.length,
                    pct(v, 0.5), pct(v, 0.9), pct(v, 0.99), v[v.length - 1], 100.0 * fit / v.length));
        }
        return sb.toString();
    }

    private static int pct(int[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * (sorted.length - 1) + 0.5))];
    }
}
