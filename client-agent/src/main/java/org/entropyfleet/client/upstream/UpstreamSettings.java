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
    /** Backoff after a transport failure (refused TCP, dropped connection, slow host): short, so a restarting host gets its clients back within seconds. */
    public static final Duration BACKOFF_INITIAL = Duration.ofMillis(250);
    public static final Duration BACKOFF_MAX = Duration.ofSeconds(20);
    /**
     * First wait after a certificate refusal, which repeats until a file changes somewhere: 2.5–5 s, then
     * 5–10 s, 10–20 s… up to {@code refused-backoff-max} (at most 5 attempts in the first minute).
     */
    public static final Duration REFUSED_BACKOFF_INITIAL = Duration.ofSeconds(5);

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
