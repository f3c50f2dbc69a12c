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
    void aLowerCapShortensTheSameScheduleButNotBelowInitial() {
        Backoff b = Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20));
        assertEquals(250 * MS, b.delayNanos(1, 1000 * MS));
        assertEquals(500 * MS, b.delayNanos(2, 1000 * MS));
        assertEquals(1000 * MS, b.delayNanos(3, 1000 * MS));
        assertEquals(1000 * MS, b.delayNanos(40, 1000 * MS));
        assertEquals(250 * MS, b.delayNanos(5, 1), "never below initial");
        Backoff j = Backoff.jittered(Duration.ofMillis(250), Duration.ofSeconds(20));
        for (int i = 0; i < 200; i++) {
            long got = j.delayNanos(7, 1000 * MS);
            assertTrue(got >= 500 * MS && got <= 1000 * MS, "jittered within [cap/2, cap]: " + got);
        }
    }

    @Test
    void failuresWithinCountsTheFullWaitsThatFitIntoATime() {
        Backoff b = Backoff.jittered(Duration.ofMillis(250), Duration.ofSeconds(20));
        assertEquals(0, b.failuresWithin(0));
        assertEquals(0, b.failuresWithin(249 * MS));
        assertEquals(1, b.failuresWithin(250 * MS));
        assertEquals(2, b.failuresWithin(750 * MS));
        assertEquals(4, b.failuresWithin(7_749 * MS), "0.25 + 0.5 + 1 + 2 = 3.75 s; the 5th ends at 7.75 s");
        assertEquals(5, b.failuresWithin(10_000 * MS));
        assertEquals(6, b.failuresWithin(15_750 * MS));
        // 0.25 … 16 s add up to 31.75 s; every later wait is the 20 s cap
        assertEquals(7, b.failuresWithin(51_749 * MS));
        assertEquals(8, b.failuresWithin(51_750 * MS));
        assertEquals(7 + 180, b.failuresWithin(31_750 * MS + 3_600_000 * MS));
        assertTrue(b.failuresWithin(Long.MAX_VALUE) > 1_000_000, "no overflow");
        assertEquals(3, Backoff.exact(Duration.ofSeconds(1), Duration.ofSeconds(1)).failuresWithin(3_500 * MS));
    }

    @Test
    void maxBelowInitialIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.exact(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
