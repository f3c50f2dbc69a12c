package org.entropyfleet.host.config;

import org.entropyfleet.host.pool.Quota;
import org.entropyfleet.link.config.DataSize;

/** {@code quota: {bytes-per-second: 4096, burst: 64KiB}}: per-client token bucket. */
public record QuotaConfig(DataSize bytesPerSecond, DataSize burst) {
    public QuotaConfig {
        if (bytesPerSecond == null || bytesPerSecond.bytes() <= 0) {
            throw new IllegalArgumentException("key 'bytes-per-second': required, > 0");
        }
        burst = burst == null ? new DataSize(Math.max(255, bytesPerSecond.bytes())) : burst;
        if (burst.bytes() < 255) {
            throw new IllegalArgumentException("key 'burst': must be ≥ 255 (one EGD read)");
        }
    }

    public Quota toQuota() {
        return new Quota(bytesPerSecond.bytes(), burst.bytes());
    }
}
