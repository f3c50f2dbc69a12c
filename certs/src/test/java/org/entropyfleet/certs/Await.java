package org.entropyfleet.certs;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline; the condition synchronises, never a fixed sleep. */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(20);
    private static final long POLL_NANOS = 20_000_000L;

    private Await() {
    }

    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + DEFAULT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + DEFAULT + " waiting for: " + what.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
