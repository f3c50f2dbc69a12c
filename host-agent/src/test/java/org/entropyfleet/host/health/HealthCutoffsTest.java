package org.entropyfleet.host.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HealthCutoffsTest {
    @ParameterizedTest(name = "H={0} -> RCT {1}")
    @CsvSource({"8,4", "7,4", "6,5", "4,6", "2,11", "1,21", "0.5,41"})
    void repetitionCountCutoff(double h, int expected) {
        assertEquals(expected, HealthCutoffs.repetitionCount(h));
    }

    /** Check values from REFERENCE.md (H = 8, 7, 1) plus values of the exact binomial for other H. */
    @ParameterizedTest(name = "H={0} -> APT {1}")
    @CsvSource({"8,13", "7,18", "6,25", "4,62", "1,311"})
    void adaptiveProportionCutoff(double h, int expected) {
        assertEquals(expected, HealthCutoffs.adaptiveProportion(h));
    }

    @Test
    void cutoffTailIsBelowAlphaAndOneLessIsAbove() {
        // brute-force check with BigDecimal-free doubles for a small window: n = 20, p = 1/2
        int c = HealthCutoffs.smallestTailCutoff(20, 0.5, Math.log(0.01));
        double tailC = 0;
        double tailCm1 = 0;
        for (int k = 0; k <= 20; k++) {
            double pk = binom(20, k) / Math.pow(2, 20);
            if (k >= c) {
                tailC += pk;
            }
            if (k >= c - 1) {
                tailCm1 += pk;
            }
        }
        assertEquals(true, tailC <= 0.01, "P(X>=C) must be <= alpha");
        assertEquals(true, tailCm1 > 0.01, "C must be the smallest such value");
    }

    @Test
    void rejectsImpossibleEntropy() {
        assertThrows(IllegalArgumentException.class, () -> HealthCutoffs.repetitionCount(0));
        assertThrows(IllegalArgumentException.class, () -> HealthCutoffs.adaptiveProportion(8.5));
    }

    private static double binom(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) {
            r = r * (n - k + i) / i;
        }
        return r;
    }
}
