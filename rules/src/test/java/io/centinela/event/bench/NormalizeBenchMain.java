package io.centinela.event.bench;

import org.openjdk.jmh.infra.Blackhole;

import java.util.Locale;

/**
 * Quick best-of-N timing of {@link NormalizeBench}'s three loops in one JVM, printed as a table with the ratio to
 * Jackson's readTree on the same bytes. Best-of is robust on a shared, loaded machine where JMH's mean has huge
 * error bars. Run: {@code mvn -q -o -pl rules test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.centinela.event.bench.NormalizeBenchMain}.
 */
public final class NormalizeBenchMain {

    private NormalizeBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        NormalizeBench b = new NormalizeBench();
        b.load();
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        String[] names = {"jackson readTree only", "parse + normalise", "file reader split only"};
        double[] best = new double[names.length];
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < names.length; k++) {
                for (int i = 0; i < 15; i++) {
                    long t = System.nanoTime();
                    switch (k) {
                        case 0 -> b.jacksonReadTreeOnly(bh);
                        case 1 -> b.parseAndNormalize(bh);
                        default -> b.fileReaderSplitOnly(bh);
                    }
                    best[k] = Math.max(best[k], 6202 / ((System.nanoTime() - t) / 1e9));
                }
            }
        }
        System.out.println("| loop (6,202 Mordor events) | best events/s | cost vs Jackson readTree |");
        System.out.println("|---|---|---|");
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f | %.2fx |%n", names[k], best[k], best[0] / best[k]);
        }
    }
}
