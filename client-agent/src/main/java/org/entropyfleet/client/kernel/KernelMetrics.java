package org.entropyfleet.client.kernel;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

/**
 * Counters for what the agent gave the kernel; names are part of the agent's metrics surface.
 * {@value #BITS_CREDITED} is what the agent claimed in RNDADDENTROPY; {@value #BITS_COUNTED} is how far
 * {@code entropy_avail} rose across those credits (watermark mode only): kernels before 5.18 without
 * the 2022 backport raise the count asymptotically, by about ¾ × (pool − count)/pool per credited bit,
 * so the two part as the pool fills.
 */
public final class KernelMetrics {
    public static final String BYTES_CREDITED = "kernel.bytes-credited";
    public static final String BITS_CREDITED = "kernel.bits-credited";
    public static final String BITS_COUNTED = "kernel.bits-counted";
    public static final String BYTES_UNCREDITED = "kernel.bytes-uncredited";
    public static final String UNCREDITED_FALLBACK = "kernel.uncredited-fallback";
    public static final String RESEEDS = "kernel.reseeds";
    public static final String ERRORS = "kernel.errors";

    final Counter bytesCredited;
    final Counter bitsCredited;
    final Counter bitsCounted;
    final Counter bytesUncredited;
    final Counter uncreditedFallback;
    final Counter reseeds;
    final Counter errors;

    public KernelMetrics(MetricRegistry registry) {
        bytesCredited = registry.counter(BYTES_CREDITED);
        bitsCredited = registry.counter(BITS_CREDITED);
        bitsCounted = registry.counter(BITS_COUNTED);
        bytesUncredited = registry.counter(BYTES_UNCREDITED);
        uncreditedFallback = registry.counter(UNCREDITED_FALLBACK);
        reseeds = registry.counter(RESEEDS);
        errors = registry.counter(ERRORS);
    }

    public void credited(int bytes, int bits) {
        bytesCredited.inc(bytes);
        bitsCredited.inc(bits);
    }

    /** Bits credited since start (for {@code /healthz}). */
    public long bitsCredited() {
        return bitsCredited.getCount();
    }

    /** Bits by which the kernel's count rose after our credit. */
    public void counted(int bits) {
        bitsCounted.inc(bits);
    }

    /** Bytes mixed in uncredited because the kernel refused the credit (for {@code /healthz}). */
    public long fallbacks() {
        return uncreditedFallback.getCount();
    }

    public void uncredited(int bytes) {
        bytesUncredited.inc(bytes);
    }

    public void fallback() {
        uncreditedFallback.inc();
    }

    public void reseeded() {
        reseeds.inc();
    }

    public void error() {
        errors.inc();
    }
}
