package io.centinela.model.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The 95% upper bound of the OOD table against known one-sided Clopper-Pearson values. */
class OodTableTest {

    @Test
    void upperBoundIsTheOneSidedClopperPearsonBound() {
        assertEquals(1 - Math.pow(0.05, 1.0 / 1000), OodTable.upper95(0, 1000), 1e-9); // 0 of n: solves (1-p)^n = 0.05
        assertEquals(0.0020, OodTable.upper95(0, 1500), 1e-5); // about the rule of three, 3/n
        assertEquals(0.102253, OodTable.upper95(5, 100), 1e-5); // 5 of 100: P(X <= 5) = 0.05 by the exact binomial sum
        assertEquals(1.0, OodTable.upper95(20, 20), 0);
        assertEquals(Double.NaN, OodTable.upper95(0, 0));
        // large n, k: no underflow in the CDF; the bound sits just above the rate
        double u = OodTable.upper95(2_000, 100_000);
        assertEquals(0.0207, u, 0.0003);
    }
}
