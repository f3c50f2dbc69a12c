package org.entropyfleet.link.tls;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until a deadline (tests never sleep as synchronisation). */
final class Await {

    static final Duration DEFAULT = Duration.ofSeconds(15);
    private static final long POLL_NANOS = 10_000_000L;

    private Await() {
    }

    static void until(BooleanSupplier condition, Supplier<String> what) {
        until(DEFAULT, condition, what);
    }

    static void until(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            // Park briefly between polls; the condition is what synchronises, not the pause.
            java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
