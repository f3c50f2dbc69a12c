package org.entropyfleet.client.kernel;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.IOException;

/**
 * When the feeder last fed the kernel and when it will next, as epoch seconds (0 = not yet, or not
 * known), plus the count it last read: what {@code status} shows instead of a meaningless
 * {@code entropy_avail} on modern kernels. Written by the feeder thread, read by the metrics loop.
 */
final class FeedTimes {
    private volatile long lastFeed;
    private volatile long nextFeed;
    private volatile long lastReseed;
    private volatile long crngReadySince;
    private volatile int lastAvail = -1;

    void fed() {
        lastFeed = now();
    }

    void nextFeedIn(java.time.Duration d) {
        nextFeed = now() + d.toSeconds();
    }

    void reseeded() {
        lastReseed = now();
    }

    /** The agent saw the CRNG become ready (boot seeding); unknown if it was ready at start. */
    void crngReadyNow() {
        crngReadySince = now();
    }

    void avail(int bits) {
        lastAvail = bits;
    }

    void register(MetricRegistry registry, KernelRandom kernel, KernelMode mode, FeedSettings settings) {
        gauge(registry, KernelFeeder.LAST_FEED, () -> lastFeed);
        gauge(registry, KernelFeeder.NEXT_FEED, () -> nextFeed);
        gauge(registry, KernelFeeder.LAST_RESEED, () -> lastReseed);
        gauge(registry, KernelFeeder.CRNG_READY, () -> kernel.crngReady() ? 1L : 0L);
        gauge(registry, KernelFeeder.CRNG_READY_SINCE, () -> crngReadySince);
        if (mode == KernelMode.WATERMARK) {
            gauge(registry, KernelFeeder.ENTROPY_AVAIL, () -> (long) lastAvail);
            gauge(registry, KernelFeeder.LOW_WATERMARK, () -> (long) settings.lowWatermark());
            gauge(registry, KernelFeeder.HIGH_WATERMARK, () -> (long) settings.highWatermark());
        }
        long pool;
        try {
            pool = kernel.poolSize();
        } catch (IOException e) {
            pool = -1;
        }
        long poolBits = pool;
        gauge(registry, KernelFeeder.POOL_SIZE, () -> poolBits);
    }

    private static void gauge(MetricRegistry registry, String name, Gauge<Long> g) {
        registry.remove(name);
        registry.register(name, g);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
