package org.entropyfleet.client.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the agent feeds the kernel.
 *
 * <ul>
 *   <li>{@code modern}: kernels ≥ 5.18 (256-bit pool, credit only matters before CRNG init): seed hard
 *       at boot, then top up on a timer.</li>
 *   <li>{@code watermark}: older kernels with a 4096-bit pool that drains: refill when below a low
 *       watermark, as egd-linux did.</li>
 *   <li>{@code off}: never touch the kernel (local EGD endpoint only).</li>
 *   <li>{@code auto}: pick modern or watermark from the running kernel.</li>
 * </ul>
 */
public enum KernelMode {
    AUTO, MODERN, WATERMARK, OFF;

    /** Kernel release from which the random driver has the 256-bit, BLAKE2s design. */
    static final int MODERN_MAJOR = 5;
    static final int MODERN_MINOR = 18;
    static final int MODERN_POOL_BITS = 256;
    private static final Pattern RELEASE = Pattern.compile("^(\\d+)\\.(\\d+)");

    @JsonValue
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static KernelMode fromConfig(String s) {
        for (KernelMode m : values()) {
            if (m.configName().equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be one of auto, modern, watermark, off (was '" + s + "')");
    }

    /** Gauge value for metrics: 0 off, 1 modern, 2 watermark (auto never runs unresolved). */
    public int gaugeValue() {
        return switch (this) {
            case OFF -> 0;
            case MODERN -> 1;
            case WATERMARK -> 2;
            case AUTO -> -1;
        };
    }

    /**
     * Resolves {@code auto}: modern if the release is ≥ 5.18 or the pool is 256 bits, else watermark.
     *
     * @param release uname release such as "6.1.0-13-amd64"; unparsable counts as old
     * @param poolSize the pool size in bits, or ≤ 0 if unknown
     */
    public KernelMode resolve(String release, int poolSize) {
        if (this != AUTO) {
            return this;
        }
        return isModern(release, poolSize) ? MODERN : WATERMARK;
    }

    static boolean isModern(String release, int poolSize) {
        if (poolSize == MODERN_POOL_BITS) {
            return true;
        }
        Matcher m = RELEASE.matcher(release == null ? "" : release.trim());
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > MODERN_MAJOR || (major == MODERN_MAJOR && minor >= MODERN_MINOR);
    }
}
