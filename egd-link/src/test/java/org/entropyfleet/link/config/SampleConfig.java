package org.entropyfleet.link.config;

import java.time.Duration;
import java.util.List;

/** A config shaped like the host agent's, to exercise the loader end to end. */
record SampleConfig(Endpoint listen, TlsConfig tls, List<SampleSource> sources, MetricsConfig metrics,
                    Duration idleTimeout, DataSize bufferSize) {
    SampleConfig {
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required");
        }
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    record SampleSource(String type, String path, Integer minEntropy) {
        SampleSource {
            if (type == null) {
                throw new IllegalArgumentException("key 'type': required");
            }
            if (minEntropy != null && (minEntropy < 0 || minEntropy > 8)) {
                throw new IllegalArgumentException("key 'min-entropy': must be ≤ 8");
            }
        }
    }
}
