package io.centinela.sigma.bench;

import io.centinela.sigma.correlation.CorrelationEngine;
import io.centinela.sigma.correlation.CorrelationOptions;
import io.centinela.sigma.correlation.CorrelationSession;
import io.centinela.sigma.correlation.Hit;
import io.centinela.sigma.load.LoadOptions;
import io.centinela.sigma.load.LoadResult;
import io.centinela.sigma.load.RuleLoader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prints a table: hits per second through one {@link CorrelationSession} (one thread) for an early and a closed
 * window of each kind, 1M synthetic hits over 10,000 users at 100 hits/s of event time, 10 min timespan; one
 * warm-up round, one timed. Run: {@code java -cp rules/target/test-classes:rules/target/classes:<deps>
 * io.centinela.sigma.bench.CorrelationThroughputBench}.
 */
public final class CorrelationThroughputBench {

    private static final String BASE = "title: F\nid: 6c1f2e0a-8d4b-4c5e-9f3a-2b7d1e0c9a41\nname: failed_login\n"
            + "logsource:\n    product: windows\ndetection:\n    sel:\n        EventID: 4625\n    condition: sel\n";

    private CorrelationThroughputBench() {
    }

    public static void main(String[] args) {
        String[][] cases = {{"event_count", "        gte: 20"}, {"value_count", "        field: Src\n        gte: 5"},
                {"event_count", "        gte: 5\n        lte: 30"}, {"value_avg", "        field: Bytes\n        gt: 500"}};
        System.out.printf("%-12s %-22s %10s %10s %9s%n", "type", "condition", "hits", "hits/s", "matches");
        for (String[] c : cases) {
            String corr = "title: C\nid: 22220000-0000-4000-8000-000000000001\ncorrelation:\n    type: " + c[0]
                    + "\n    rules: [failed_login]\n    group-by: [User]\n    timespan: 10m\n    condition:\n" + c[1] + "\n";
            LoadResult r = new RuleLoader(LoadOptions.defaults())
                    .loadTexts(Map.of(Path.of("a.yml"), BASE, Path.of("b.yml"), corr), List.of());
            CorrelationEngine e = CorrelationEngine.build(r, CorrelationOptions.defaults());
            int n = 1_000_000;
            for (int round = 0; round < 2; round++) {
                CorrelationSession s = new CorrelationSession(e);
                Random rnd = new Random(1);
                long t0 = System.nanoTime(), matches = 0;
                for (int i = 0; i < n; i++) {
                    Hit h = new Hit("6c1f2e0a-8d4b-4c5e-9f3a-2b7d1e0c9a41", 1_700_000_000_000L + i * 10L, "ev" + i,
                            Map.of("User", "u" + rnd.nextInt(10_000), "Src", "s" + rnd.nextInt(8),
                                    "Bytes", String.valueOf(rnd.nextInt(1000))), "EventID=4625", false);
                    matches += s.accept(h).size();
                }
                matches += s.finish().size();
                double sec = (System.nanoTime() - t0) / 1e9;
                if (round == 1) {
                    System.out.printf("%-12s %-22s %10d %10.0f %9d%n", c[0], c[1].trim().replace("\n", ",").replaceAll(" +", " "),
                            n, n / sec, matches);
                }
            }
        }
    }
}
