package org.entropyfleet.link.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final long MS = 1_000_000;

    @Test
    void exactDoublesFromInitialUpToMax() {
        Backoff b = Backoff.exact(Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertEquals(1000 * MS, b.delayNanos(1));
        assertEquals(2000 * MS, b.delayNanos(2));
        assertEquals(32_000 * MS, b.delayNanos(6));
        assertEquals(60_000 * MS, b.delayNanos(7));
        assertEquals(60_000 * MS, b.delayNanos(1_000), "no overflow past the cap");
    }

    @Test
    void jitteredStaysWithinHalfToAllOfTheExactDelay() {
        Backoff b = Backoff.jittered(Duration.ofMillis(250), Duration.ofSeconds(20));
        for (int failures = 1; failures < 12; failures++) {
            long d = Math.min(20_000 * MS, (250 * MS) << (failures - 1));
            for (int i = 0; i < 50; i++) {
                long got = b.delayNanos(failures);
                assertTrue(got >= d / 2 && got <= d, failures + " failures: " + got);
            }
        }
    }

    @Test
    void maxBelowInitialIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exact(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
