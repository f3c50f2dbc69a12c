package org.entropyfleet.client.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff for reconnects: the n-th consecutive failure waits a random time in
 * [d/2, d] with d = min(max, initial · 2^(n-1)), so a fleet of agents does not reconnect in step
 * after a host restarts.
 */
public final class Backoff {
    public static final Duration INITIAL = Duration.ofMillis(250);
    public static final Duration MAX = Duration.ofSeconds(20);

    private final long initialNanos;
    private final long maxNanos;

    public Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** Delay before the next attempt after {@code failures} consecutive failures (≥ 1). */
    public long delayNanos(int failures) {
        int shift = Math.min(Math.max(failures - 1, 0), 30);
        long d = Math.min(maxNanos, initialNanos << shift);
        if (d <= 0) {
            d = maxNanos;
        }
        return d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
    }
}
