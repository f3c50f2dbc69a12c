package org.entropyfleet.host.pool;

/**
 * Per-client rate limit: a token bucket refilled at {@code bytesPerSecond}, holding at most {@code burst}.
 */
public record Quota(long bytesPerSecond, long burst) {
    public Quota {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytes-per-second must be > 0");
        }
        if (burst < 255) {
            throw new IllegalArgumentException("burst must be ≥ 255 bytes (one EGD read)");
        }
    }
}
