package org.entropyfleet.host.health;

/**
 * SP 800-90B §4.4.1: fails when one byte value repeats C times in a row. Catches a source that got
 * stuck on a value. Not thread-safe: one instance per source, fed from that source's thread.
 */
public final class RepetitionCountTest {
    private final int cutoff;
    private int last = -1;
    private int run;

    public RepetitionCountTest(double minEntropy) {
        this.cutoff = HealthCutoffs.repetitionCount(minEntropy);
    }

    public int cutoff() {
        return cutoff;
    }

    /** @return true if this sample makes the test fail */
    public boolean sample(byte b) {
        int v = b & 0xff;
        if (v == last) {
            run++;
        } else {
            last = v;
            run = 1;
        }
        return run >= cutoff;
    }

    /**
     * {@link #sample} over a run of bytes, restarting the count after each failure (as the caller of
     * {@link #sample} does with {@link #reset}); one tight loop for the source thread's hot path.
     *
     * @return how many samples failed
     */
    public int sampleAll(byte[] buf, int off, int len) {
        int l = last;
        int r = run;
        int failures = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int v = buf[i] & 0xff;
            if (v == l) {
                r++;
            } else {
                l = v;
                r = 1;
            }
            if (r >= cutoff) {
                failures++;
                l = -1;
                r = 0;
            }
        }
        last = l;
        run = r;
        return failures;
    }

    /** Forget history, e.g. after a reopen: the next sample starts a new run. */
    public void reset() {
        last = -1;
        run = 0;
    }
}
