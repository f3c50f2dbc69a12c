package org.entropyfleet.host.health;

/**
 * Cutoffs of the SP 800-90B §4.4 continuous health tests, computed from the assessed min-entropy H
 * (bits per byte sample) and the false-positive rate α = 2^-20 rather than looked up in a table, so
 * any H the operator declares gets the right values.
 */
public final class HealthCutoffs {
    /** −log2(α): the recommended false-positive rate α = 2^-20 per test. */
    public static final int ALPHA_EXPONENT = 20;
    /** APT window for non-binary (byte) samples, §4.4.2. */
    public static final int APT_WINDOW = 512;

    private HealthCutoffs() {
    }

    /** §4.4.1: C = 1 + ⌈−log2(α) / H⌉. */
    public static int repetitionCount(double minEntropy) {
        checkH(minEntropy);
        return 1 + (int) Math.ceil(ALPHA_EXPONENT / minEntropy - 1e-12);
    }

    /**
     * §4.4.2: C = 1 + critbinom(W, 2^-H, 1 − α), i.e. the smallest C with P(Binomial(W, 2^-H) ≥ C) ≤ α.
     * The window's first sample is counted in B, which is why the standard's formula uses W, not W − 1
     * (check values: H = 8 → 13, H = 7 → 18, H = 1 → 311).
     */
    public static int adaptiveProportion(double minEntropy) {
        checkH(minEntropy);
        return smallestTailCutoff(APT_WINDOW, Math.pow(2, -minEntropy), -ALPHA_EXPONENT * Math.log(2));
    }

    /** Smallest c with log P(Binomial(n, p) ≥ c) ≤ logAlpha; summed in log space so tiny terms do not underflow. */
    static int smallestTailCutoff(int n, double p, double logAlpha) {
        double[] logPmf = new double[n + 1];
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        for (int k = 0; k <= n; k++) {
            logPmf[k] = logChoose(n, k) + k * logP + (n - k) * logQ;
        }
        // walk down from the top, accumulating the upper tail P(X ≥ c) with log-sum-exp
        double logTail = Double.NEGATIVE_INFINITY;
        int cutoff = n + 1;
        for (int c = n; c >= 0; c--) {
            logTail = logAdd(logTail, logPmf[c]);
            if (logTail > logAlpha) {
                return c + 1;
            }
            cutoff = c;
        }
        return cutoff;
    }

    private static double logChoose(int n, int k) {
        return lgammaInt(n) - lgammaInt(k) - lgammaInt(n - k);
    }

    /** log(m!) by summation: exact enough for m ≤ 1024 and free of approximation error. */
    private static double lgammaInt(int m) {
        double s = 0;
        for (int i = 2; i <= m; i++) {
            s += Math.log(i);
        }
        return s;
    }

    private static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
    }

    private static void checkH(double h) {
        if (!(h > 0 && h <= 8)) {
            throw new IllegalArgumentException("min-entropy must be in (0, 8] bits per byte, got " + h);
        }
    }
}
