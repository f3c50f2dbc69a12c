package org.entropyfleet.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReadLatencyTest {
    @Test
    void readsServedAtOnceCountAsZeroWaitsInCountRateAndSamples() {
        MetricRegistry registry = new MetricRegistry();
        ReadLatency latency = new ReadLatency(registry, 8);
        Timer t = registry.timer(ReadLatency.NAME);
        assertSame(latency.timer(), t, "a plain Dropwizard timer under the metric's name");
        for (int i = 0; i < 5; i++) {
            latency.servedAtOnce();
        }
        latency.waited(TimeUnit.MILLISECONDS.toNanos(3));
        assertEquals(6, t.getCount());
        assertEquals(6, t.getSnapshot().size());
        assertEquals(0, t.getSnapshot().getMin());
        assertEquals(TimeUnit.MILLISECONDS.toNanos(3), t.getSnapshot().getMax());
        for (int i = 0; i < 100; i++) {
            latency.servedAtOnce();
        }
        assertEquals(6 + ReadLatency.BATCH, t.getCount(), "zero waits are recorded a batch at a time");
        latency.flush();
        assertEquals(106, t.getCount());
        // the sliding window keeps the last 8 reads: all zero waits now
        assertEquals(8, t.getSnapshot().size());
        assertEquals(0, t.getSnapshot().getMax());
    }
}
