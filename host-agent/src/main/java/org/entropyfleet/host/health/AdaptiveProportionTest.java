package org.entropyfleet.host.health;

/**
 * SP 800-90B §4.4.2: in each window of W samples, counts how often the window's first sample recurs
 * (including itself) and fails when the count reaches C. Catches a source that lost entropy without
 * getting stuck on one value. Not thread-safe: one instance per source.
 */
public final class AdaptiveProportionTest {
    private final int window;
    private final int cutoff;
    private int first;
    private int seen;   // samples of the current window consumed, 0 = no window open
    private int count;

    public AdaptiveProportionTest(double minEntropy) {
        this.window = HealthCutoffs.APT_WINDOW;
        this.cutoff = HealthCutoffs.adaptiveProportion(minEntropy);
    }

    public int cutoff() {
        return cutoff;
    }

    public int window() {
        return window;
    }

    /** @return true if this sample makes the test fail (the window then restarts) */
    public boolean sample(byte b) {
        int v = b & 0xff;
        if (seen == 0) {
            first = v;
            count = 1;
            seen = 1;
            return false;
        }
        if (v == first) {
            count++;
        }
        seen++;
        boolean failed = count >= cutoff;
        if (failed || seen == window) {
            seen = 0;
        }
        return failed;
    }

    /**
     * {@link #sample} over a run of bytes; one tight loop for the source thread's hot path.
     *
     * @return how many samples failed
     */
    public int sampleAll(byte[] buf, int off, int len) {
        int f = first;
        int s = seen;
        int c = count;
        int failures = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int v = buf[i] & 0xff;
            if (s == 0) {
                f = v;
                c = 1;
                s = 1;
                continue;
            }
            if (v == f) {
                c++;
            }
            s++;
            if (c >= cutoff) {
                failures++;
                s = 0;
            } else if (s == window) {
                s = 0;
            }
        }
        first = f;
        seen = s;
        count = c;
        return failures;
    }

    public void reset() {
        seen = 0;
        count = 0;
    }
}
