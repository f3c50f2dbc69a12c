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
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long d = Math.min(maxNanos, initialNanos << shift);
        if (d <= 0) {
            d = maxNanos;
        }
        return jitter ? d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1) : d;
    }
}
