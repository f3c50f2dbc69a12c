package org.entropyfleet.client.kernel;

/**
 * Whether watermark mode can work on this kernel. {@code entropy_avail} never exceeds the pool size,
 * so a low watermark above it would ask for a refill every poll while the refill target (capped at
 * the pool size) is already met: nothing is ever credited. That is exactly what forced
 * {@code mode: watermark} does on a kernel with the 2022 driver (or its backport to Debian's 5.10 and
 * 4.19): a 256-bit pool that reads 256 for good. Such a config falls back to modern feeding, which
 * does credit; a high watermark alone above the pool only caps the target, and is said so.
 *
 * @param mode    the mode to run: MODERN when watermark mode was asked for but cannot work
 * @param warning what to tell the operator (at start and in status), or null when all is well
 */
public record WatermarkFit(KernelMode mode, String warning) {

    /** Checks {@code settings}' watermarks against {@code poolSize} (bits; ≤ 0 when unknown). */
    public static WatermarkFit check(KernelMode resolved, FeedSettings settings, int poolSize) {
        if (resolved != KernelMode.WATERMARK || poolSize <= 0) {
            return new WatermarkFit(resolved, null);
        }
        if (settings.lowWatermark() > poolSize) {
            return new WatermarkFit(KernelMode.MODERN, "low-watermark " + settings.lowWatermark()
                    + " exceeds the kernel's pool size of " + poolSize + " bits: entropy_avail can never reach it,"
                    + " so watermark feeding would credit nothing; feeding in modern mode instead");
        }
        if (settings.highWatermark() > poolSize) {
            return new WatermarkFit(KernelMode.WATERMARK, "high-watermark " + settings.highWatermark()
                    + " exceeds the kernel's pool size of " + poolSize + " bits: refills stop at " + poolSize);
        }
        return new WatermarkFit(KernelMode.WATERMARK, null);
    }

    /** True when watermark mode was asked for and modern feeding runs instead. */
    public boolean fellBack() {
        return warning != null && mode == KernelMode.MODERN;
    }
}
