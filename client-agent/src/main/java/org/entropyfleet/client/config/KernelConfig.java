package org.entropyfleet.client.config;

import java.nio.file.Path;
import java.time.Duration;
import org.entropyfleet.client.kernel.FeedSettings;
import org.entropyfleet.client.kernel.KernelMode;

/**
 * The {@code kernel:} block. Every key is optional; defaults are the constants below.
 *
 * @param mode              auto | modern | watermark | off
 * @param topUpInterval     modern: how often to add {@code top-up-bytes}
 * @param topUpBytes        modern: bytes per top-up
 * @param reseed            modern: ask the kernel to reseed its CRNG after each top-up
 * @param lowWatermark      watermark: refill when entropy_avail (bits) falls below this
 * @param highWatermark     watermark: refill up to this many bits (capped at poolsize)
 * @param pollInterval      watermark: how often entropy_avail is read
 * @param procRoot          where {@code sys/kernel/random/*} is read from (tests point it elsewhere)
 * @param creditBitsPerByte entropy credited per received byte; host-agents serve full-entropy
 *                          conditioned bytes, so at most 8
 */
public record KernelConfig(KernelMode mode, Duration topUpInterval, Integer topUpBytes, Boolean reseed,
        Integer lowWatermark, Integer highWatermark, Duration pollInterval, Path procRoot, Integer creditBitsPerByte) {

    public static final KernelMode DEFAULT_MODE = KernelMode.AUTO;
    public static final Duration DEFAULT_TOP_UP_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_TOP_UP_BYTES = 64;
    public static final int MAX_TOP_UP_BYTES = 4096;
    public static final int DEFAULT_LOW_WATERMARK = 1024;
    public static final int DEFAULT_HIGH_WATERMARK = 3072;
    /** Largest input pool any kernel had (bits); watermarks above it make no sense. */
    public static final int MAX_WATERMARK = 65536;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);
    public static final Path DEFAULT_PROC_ROOT = Path.of("/proc");
    public static final int DEFAULT_CREDIT_BITS_PER_BYTE = 8;

    public KernelConfig {
        mode = mode == null ? DEFAULT_MODE : mode;
        topUpInterval = positive("top-up-interval", topUpInterval, DEFAULT_TOP_UP_INTERVAL);
        topUpBytes = topUpBytes == null ? DEFAULT_TOP_UP_BYTES : topUpBytes;
        if (topUpBytes < 1 || topUpBytes > MAX_TOP_UP_BYTES) {
            throw new IllegalArgumentException("key 'top-up-bytes': must be 1.." + MAX_TOP_UP_BYTES);
        }
        reseed = reseed != null && reseed;
        lowWatermark = lowWatermark == null ? DEFAULT_LOW_WATERMARK : lowWatermark;
        highWatermark = highWatermark == null ? DEFAULT_HIGH_WATERMARK : highWatermark;
        if (lowWatermark < 0 || lowWatermark > MAX_WATERMARK) {
            throw new IllegalArgumentException("key 'low-watermark': must be 0.." + MAX_WATERMARK);
        }
        if (highWatermark < lowWatermark || highWatermark > MAX_WATERMARK) {
            throw new IllegalArgumentException("key 'high-watermark': must be ≥ low-watermark (" + lowWatermark
                    + ") and ≤ " + MAX_WATERMARK);
        }
        pollInterval = positive("poll-interval", pollInterval, DEFAULT_POLL_INTERVAL);
        procRoot = procRoot == null ? DEFAULT_PROC_ROOT : procRoot;
        creditBitsPerByte = creditBitsPerByte == null ? DEFAULT_CREDIT_BITS_PER_BYTE : creditBitsPerByte;
        if (creditBitsPerByte < 0 || creditBitsPerByte > 8) {
            throw new IllegalArgumentException("key 'credit-bits-per-byte': must be 0..8 (hosts vouch for at most 8)");
        }
    }

    /** All defaults (kernel block omitted). */
    public static KernelConfig defaults() {
        return new KernelConfig(null, null, null, null, null, null, null, null, null);
    }

    public FeedSettings feedSettings(Duration fetchTimeout) {
        return new FeedSettings(mode, topUpInterval, topUpBytes, reseed, lowWatermark, highWatermark, pollInterval,
                creditBitsPerByte, fetchTimeout);
    }

    static Duration positive(String key, Duration value, Duration dflt) {
        Duration d = value == null ? dflt : value;
        if (d.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("key '" + key + "': must be ≥ " + MIN_INTERVAL.toMillis() + "ms");
        }
        return d;
    }
}
