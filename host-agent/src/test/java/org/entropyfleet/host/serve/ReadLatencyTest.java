package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadLatencyTest {
    @Test
    void readsServedAtOnceCountAsZeroWaitsInCountRateAndSamples() {
        ReadLatency t = ReadLatency.create(8);
        for (int i = 0; i < 5; i++) {
            t.servedAtOnce();
        }
        t.update(3, TimeUnit.MILLISECONDS);
        assertEquals(6, t.getCount());
        assertEquals(6, t.getSnapshot().size());
        assertEquals(0, t.getSnapshot().getMin());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(3), t.getSnapshot().getMax());
        for (int i = 0; i < 100; i++) {
            t.servedAtOnce();
        }
        assertEquals(106, t.getCount());
        // the sliding window keeps the last 8 reads: all zero waits now
        assertEquals(8, t.getSnapshot().size());
        assertEquals(0, t.getSnapshot().getMax());
    }
}
