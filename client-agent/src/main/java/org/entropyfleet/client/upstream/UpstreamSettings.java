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
     * How long after a host last served its failed reconnects count as "restarting" and wait at most
     * {@link #RESTART_BACKOFF_MAX} ({@link org.entropyfleet.link.retry.ReconnectBackoff}). A host-agent restart
     * (SIGTERM to listening again) took 4–7 s on a loaded 2-core machine (host-agent README, "Reconnect
     * storm"), and the fleet is to be back within 10 s of it: the window covers such a restart, and ends
     * where retrying fast would only add refused connections to a host that is down for longer. After it
     * the plain schedule resumes where it would stand by then: its 6th wait, 4–8 s.
     */
    public static final Duration RESTART_WINDOW = Duration.ofSeconds(10);
    /**
     * Cap on each wait within {@link #RESTART_WINDOW}: the first two retries keep the plain schedule's
     * 125–250 ms and 250–500 ms, later ones wait 0.5–1 s, so every client tries again within 1 s of the
     * host listening. Load: 10,000 clients then make 10,000–20,000 attempts a second in all (one per
     * 0.5–1 s each, spread by the jitter). While the host is down the kernel answers them with a reset,
     * no process involved; once it listens each client stops at its first success, and the agent's handshake
     * budget (max-handshakes 4096, 32 per address, oldest shed first with a plain close) bounds what it
     * takes on at once; a shed client is back within 1 s, spread again, and after the window the
     * exponential schedule thins out whatever is left.
     */
    public static final Duration RESTART_BACKOFF_MAX = Duration.ofSeconds(1);
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
