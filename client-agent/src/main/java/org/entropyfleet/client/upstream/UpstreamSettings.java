package org.entropyfleet.client.upstream;

import java.time.Duration;
import java.util.List;

/**
 * What the connector needs from the config.
 *
 * @param hosts in order of preference; the first is returned to after {@code failbackAfter}
 * @param requestTimeout a request unanswered this long marks the host slow (also the connect timeout)
 * @param failbackAfter how long to stay on a fallback host before probing the preferred one again
 * @param refusedBackoffMax the longest wait before retrying a host that refused our certificate
 */
public record UpstreamSettings(List<UpstreamHost> hosts, Duration requestTimeout, Duration failbackAfter,
        Duration refusedBackoffMax) {
    public static final Duration DEFAULT_REFUSED_BACKOFF_MAX = Duration.ofMinutes(5);

    public UpstreamSettings {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one host is needed");
        }
    }

    public UpstreamSettings(List<UpstreamHost> hosts, Duration requestTimeout, Duration failbackAfter) {
        this(hosts, requestTimeout, failbackAfter, DEFAULT_REFUSED_BACKOFF_MAX);
    }
}
