package io.centinela.model.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BinaryMetricsTest {

    @Test
    void perfectSeparation() {
        BinaryMetrics m = new BinaryMetrics(new double[]{0.9, 0.8, 0.3, 0.1}, new int[]{1, 1, 0, 0});
        assertEquals(1.0, m.rocAuc(), 1e-12);
        assertEquals(1.0, m.prAuc(), 1e-12);
        BinaryMetrics.AtThreshold a = m.at(0.5);
        assertEquals(2, a.tp());
        assertEquals(0, a.fp());
        assertEquals(1.0, a.f1(), 1e-12);
    }

    @Test
    void handComputedAucAndAp() {
        // Ranking: P(0.9) N(0.8) P(0.7) N(0.6): AUC = 3 of 4 pairs ordered = 0.75; AP = (1 + 2/3) / 2.
        BinaryMetrics m = new BinaryMetrics(new double[]{0.9, 0.8, 0.7, 0.6}, new int[]{1, 0, 1, 0});
        assertEquals(0.75, m.rocAuc(), 1e-12);
        assertEquals((1 + 2.0 / 3) / 2, m.prAuc(), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        BinaryMetrics m = new BinaryMetrics(new double[]{0.5, 0.5}, new int[]{1, 0});
        assertEquals(0.5, m.rocAuc(), 1e-12);
    }

    @Test
    void thresholdKeepsFalsePositiveRateUnderTarget() {
        double[] s = new double[200];
        int[] y = new int[200];
        for (int i = 0; i < 100; i++) {
            s[i] = i / 100.0; // benign 0.00..0.99
            s[100 + i] = 0.5 + i / 200.0;
            y[100 + i] = 1;
        }
        BinaryMetrics m = new BinaryMetrics(s, y);
        double t = m.thresholdForFpr(0.02); // 2 of 100 benign may pass: 0.98 and 0.99
        assertEquals(2, m.at(t).fp());
        assertEquals(0.02, m.at(t).fpr(), 1e-12);
        assertEquals(3, m.at(0.97).fp(), "one benign score lower is one false positive more");
        assertEquals(0.0, m.thresholdForFpr(1.0));
    }
}
