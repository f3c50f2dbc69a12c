package org.entropyfleet.link.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff, the one schedule both agents retry on: the n-th consecutive failure waits
 * d = min(max, initial · 2^(n-1)). {@link #jittered} waits a random time in [d/2, d] instead, so a fleet
 * of client agents does not reconnect in step after a host restarts; a host agent reopening its own
 * device has no fleet to spread and waits exactly d ({@link #exact}).
 */
public final class Backoff {
    /** Doublings before the cap must have been reached (2^30 · 1 ns > 1 s); keeps the shift from overflowing. */
    private static final int MAX_SHIFT = 30;

    private final long initialNanos;
    private final long maxNanos;
    private final boolean jitter;

    private Backoff(Duration initial, Duration max, boolean jitter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff must be > 0 and max ≥ initial");
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.jitter = jitter;
    }

    public static Backoff jittered(Duration initial, Duration max) {
        return new Backoff(initial, max, true);
    }

    public static Backoff exact(Duration initial, Duration max) {
        return new Backoff(initial, max, false);
    }

    /** Delay before the next attempt after {@code failures} consecutive failures (≥ 1). */
    public long delayNanos(int failures) {
        return delayNanos(failures, maxNanos);
    }

    /**
     * The same schedule with a lower cap: d = min(cap, max, initial · 2^(n-1)), jittered as this backoff is.
     * A cap below {@code initial} is raised to it.
     */
    public long delayNanos(int failures, long capNanos) {
        long d = Math.min(Math.max(capNanos, initialNanos), nominalNanos(failures));
        return jitter ? d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1) : d;
    }

    /** d for the n-th failure, before jitter. */
    long nominalNanos(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), MAX_SHIFT);
        long d = Math.min(maxNanos, initialNanos << shift);
        return d <= 0 ? maxNanos : d;
    }

    /**
     * How many consecutive failures this schedule's full waits (d, not jittered) fit into {@code elapsedNanos}:
     * where the schedule stands after failing that long. With 250 ms doubling to 20 s: 5 in 10 s
     * (0.25 + 0.5 + 1 + 2 + 4 = 7.75 s; the 6th wait, 8 s, would end at 15.75 s).
     */
    public long failuresWithin(long elapsedNanos) {
        if (elapsedNanos <= 0) {
            return 0;
        }
        long sum = 0;
        for (int n = 0; ; n++) {
            long d = nominalNanos(n + 1);
            if (d == maxNanos || n == MAX_SHIFT) {
                return n + (elapsedNanos - sum) / d;   // every further wait is d: count them by division
            }
            if (elapsedNanos - sum < d) {
                return n;
            }
            sum += d;
        }
    }
}
