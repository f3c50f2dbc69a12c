package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {
    private final AtomicLong now = new AtomicLong();
    private final RateLimitedLog<CloseReason> log = new RateLimitedLog<>(CloseReason.class,
            LoggerFactory.getLogger(RateLimitedLogTest.class), "test-closed", 3, Duration.ofMinutes(1), now::get);

    @Test
    void firstFewPerReasonAndIntervalThenOneSummary() {
        for (int i = 0; i < 3; i++) {
            assertTrue(log.allow(CloseReason.SHED));
        }
        for (int i = 0; i < 1000; i++) {
            assertFalse(log.allow(CloseReason.SHED));
        }
        assertTrue(log.allow(CloseReason.REQUEST_DEADLINE), "each reason has its own allowance");
        assertEquals(0, log.flush(), "no summary before the interval ends");
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(1000, log.flush(), "one summary line covers the 1,000 not logged");
        assertEquals(0, log.flush());
        assertTrue(log.allow(CloseReason.SHED), "a new interval logs again");
    }
}
