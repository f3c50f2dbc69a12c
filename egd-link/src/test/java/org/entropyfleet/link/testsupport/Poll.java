package org.entropyfleet.link.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for state another thread or process updates, with a deadline: the one polling helper of
 * egd-link's, host-agent's and client-agent's tests (shared through egd-link's test jar). The condition
 * is what synchronises; the pause between polls only keeps the poll cheap.
 */
public final class Poll {
    /** For conditions that need no particular bound: generous for a loaded 2-core CI machine. */
    public static final Duration DEFAULT = Duration.ofSeconds(15);
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Poll() {
    }

    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        until(timeout, () -> what, condition);
    }

    /** {@code what} is evaluated only on time-out, so it may describe the state at that moment. */
    public static void until(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            LockSupport.parkNanos(PAUSE_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what.get());
            }
        }
    }
}
