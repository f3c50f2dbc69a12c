package org.entropyfleet.link.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The restart-aware schedule: exact values with an exact backoff, bounds with the jittered one. */
class ReconnectBackoffTest {
    private static final long MS = 1_000_000;
    private static final long S = 1_000 * MS;
    private static final Duration WINDOW = Duration.ofSeconds(10);
    private static final Duration CAP = Duration.ofSeconds(1);

    private final ReconnectBackoff exact = new ReconnectBackoff(
            Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20)), WINDOW, CAP);
    private final ReconnectBackoff jittered = new ReconnectBackoff(
            Backoff.jittered(Duration.ofMillis(250), Duration.ofSeconds(20)), WINDOW, CAP);

    @Test
    void withinTheWindowWaitsStayAtMostTheCap() {
        assertEquals(250 * MS, exact.delayNanos(1, 0), "the first retries are the plain schedule's");
        assertEquals(500 * MS, exact.delayNanos(2, 400 * MS));
        assertEquals(1 * S, exact.delayNanos(3, 1 * S));
        assertEquals(1 * S, exact.delayNanos(14, 10 * S - 1), "however many failures, until the window ends");
        for (int failures = 3; failures < 30; failures++) {
            long got = jittered.delayNanos(failures, 9 * S);
            assertTrue(got >= 500 * MS && got <= 1 * S, failures + " failures: " + got);
        }
    }

    @Test
    void afterTheWindowThePlainScheduleResumesWhereItWouldStandByThen() {
        // 0.25 + 0.5 + 1 + 2 + 4 = 7.75 s fit into 10 s: the next wait is the plain 6th, 8 s
        assertEquals(8 * S, exact.delayNanos(14, 10 * S));
        assertEquals(8 * S, exact.delayNanos(15, 15 * S));
        assertEquals(16 * S, exact.delayNanos(16, 16 * S));
        assertEquals(20 * S, exact.delayNanos(30, 60 * S));
        for (int i = 0; i < 200; i++) {
            long got = jittered.delayNanos(14, 10 * S);
            assertTrue(got >= 4 * S && got <= 8 * S, "4-8 s, not the 14th failure's 10-20 s: " + got);
        }
    }

    @Test
    void neverLongerThanThePlainScheduleForTheSameFailures() {
        Backoff plain = Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20));
        long[] since = {0, 3 * S, 10 * S, 11 * S, 40 * S, 3_600 * S, ReconnectBackoff.NEVER_SERVED};
        for (int failures = 1; failures < 40; failures++) {
            for (long s : since) {
                assertTrue(exact.delayNanos(failures, s) <= plain.delayNanos(failures), failures + " failures, " + s + " ns");
            }
        }
        // a host lost an hour ago, failing now for the first time: the plain first step, not the cap
        assertEquals(250 * MS, exact.delayNanos(1, 3_600 * S));
    }

    @Test
    void aHostNotSeenServingIsRetriedOnThePlainSchedule() {
        Backoff plain = Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20));
        for (int failures = 1; failures < 40; failures++) {
            assertEquals(plain.delayNanos(failures), exact.delayNanos(failures, ReconnectBackoff.NEVER_SERVED));
        }
    }

    @Test
    void aZeroCapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(
                Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20)), WINDOW, Duration.ZERO));
    }
}
