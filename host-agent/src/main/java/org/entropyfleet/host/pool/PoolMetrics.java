package org.entropyfleet.host.pool;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.function.IntSupplier;

/** The {@code host.pool.*} metrics of an {@link EntropyPool}; the pool only reports bytes moved. */
final class PoolMetrics {
    static final String PREFIX = "host.pool";

    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter bytesDropped;
    private final Counter bytesReturned;

    PoolMetrics(MetricRegistry metrics, int capacity, IntSupplier level, IntSupplier waiters) {
        bytesIn = metrics.counter(name("bytes-in"));
        bytesOut = metrics.counter(name("bytes-out"));
        bytesDropped = metrics.counter(name("bytes-discarded"));
        bytesReturned = metrics.counter(name("bytes-returned"));
        // re-registered: a restarted pool in the same registry (tests, reload) replaces the old gauges
        gauge(metrics, "level-bytes", level::getAsInt);
        gauge(metrics, "capacity-bytes", () -> capacity);
        gauge(metrics, "waiters", waiters::getAsInt);
    }

    private static String name(String part) {
        return MetricRegistry.name(PREFIX, part);
    }

    private static void gauge(MetricRegistry metrics, String part, Gauge<Integer> g) {
        metrics.remove(name(part));
        metrics.register(name(part), g);
    }

    void in(int n) {
        bytesIn.inc(n);
    }

    void out(int n) {
        bytesOut.inc(n);
    }

    /**
     * Bytes set aside for a read that was abandoned (or taken for a reader already gone), never sent:
     * {@code back} of the {@code offered} went back into the pool, the rest no longer fitted and was wiped.
     */
    void handedBack(int offered, int back) {
        bytesReturned.inc(back);
        bytesDropped.inc(offered - back);
    }
}
