package org.entropyfleet.client.upstream;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Jittered exponential backoff for reconnects: the n-th consecutive failure waits a random time in
 * [d/2, d] with d = min(max, initial · 2^(n-1)), so a fleet of agents does not reconnect in step
 * after a host restarts.
 *
 * <p>Two schedules use it. Transport failures (refused TCP, dropped connection, slow host) start at
 * {@link #INITIAL} and stay short, so a restarting host gets its clients back within seconds. A host
 * that refuses our certificate will refuse it again until a file changes somewhere, so refusals start
 * at {@link #REFUSED_INITIAL} and grow to {@code refused-backoff-max}.
 */
public final class Backoff {
    public static final Duration INITIAL = Duration.ofMillis(250);
    public static final Duration MAX = Duration.ofSeconds(20);
    /** First wait after a refusal: 2.5–5 s, then 5–10 s, 10–20 s… (at most 5 attempts in the first minute). */
    public static final Duration REFUSED_INITIAL = Duration.ofSeconds(5);

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
