package org.entropyfleet.host.source;

import java.time.Duration;

/**
 * Runtime settings shared by every source kind.
 *
 * @param name           metric and log name, unique per agent
 * @param minEntropy     assessed min-entropy, bits per raw byte, in (0, 8]
 * @param stallTimeout   no bytes for this long → close and reopen
 * @param backoffInitial first wait before reopening after a failure, doubled per consecutive failure
 * @param backoffMax     cap of that wait
 */
public record SourceSettings(String name, double minEntropy, Duration stallTimeout,
                             Duration backoffInitial, Duration backoffMax) {
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(60);
    public static final double DEFAULT_DEVICE_MIN_ENTROPY = 6;

    public SourceSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("source name must not be empty");
        }
        if (!(minEntropy > 0 && minEntropy <= 8)) {
            throw new IllegalArgumentException("min-entropy must be > 0 and ≤ 8 bits per byte");
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stall-timeout must be > 0");
        }
        if (backoffInitial.isNegative() || backoffInitial.isZero() || backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoff must be > 0 and max ≥ initial");
        }
    }

    public static SourceSettings of(String name, double minEntropy, Duration stallTimeout) {
        return new SourceSettings(name, minEntropy, stallTimeout, DEFAULT_BACKOFF_INITIAL, DEFAULT_BACKOFF_MAX);
    }
}
