package org.entropyfleet.link.config;

import java.time.Duration;

/**
 * The {@code metrics:} block. Each agent has its own default port (host 9776, client 9777), so a
 * missing {@code listen} stays null here and {@link #listenOr(int)} fills it in: on loopback,
 * because metrics reveal pool levels and peer names and need no exposure by default.
 *
 * <p>The port serves loopback scrapers and health checks, yet anyone who can reach it can open
 * connections: the budget and the deadline keep {@code /healthz} answering however many connections
 * sit idle or dribble a request header (see {@code MetricsServer}).
 *
 * @param listen          where the Prometheus endpoint listens, or null for the agent's default
 * @param maxConnections  connections open at once; when full, a new connection sheds the one whose
 *                        current request started longest ago (a scraper needs one or two)
 * @param requestDeadline from accept (or from the end of the previous response on a keep-alive
 *                        connection) until a request has arrived and its response has been written;
 *                        past it the connection is closed
 */
public record MetricsConfig(Endpoint listen, Integer maxConnections, Duration requestDeadline) {
    /** Address the default endpoint binds to. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /**
     * Far more than scrapers need (one or two), so a flood has to be large before a newcomer sheds
     * anyone; each idle connection costs a file descriptor and a few KB, so 1,024 cost a few MB at most.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;
    public static final int MAX_MAX_CONNECTIONS = 65_536;
    /** A local scraper sends its request within milliseconds; a slow-loris gets this long at most. */
    public static final Duration DEFAULT_REQUEST_DEADLINE = Duration.ofSeconds(5);
    public static final Duration MIN_REQUEST_DEADLINE = Duration.ofMillis(100);
    public static final Duration MAX_REQUEST_DEADLINE = Duration.ofMinutes(5);

    public MetricsConfig {
        maxConnections = maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        if (maxConnections < 1 || maxConnections > MAX_MAX_CONNECTIONS) {
            throw new IllegalArgumentException("key 'max-connections': must be between 1 and " + MAX_MAX_CONNECTIONS);
        }
        requestDeadline = requestDeadline == null ? DEFAULT_REQUEST_DEADLINE : requestDeadline;
        if (requestDeadline.compareTo(MIN_REQUEST_DEADLINE) < 0 || requestDeadline.compareTo(MAX_REQUEST_DEADLINE) > 0) {
            throw new IllegalArgumentException("key 'request-deadline': must be between 100ms and 5m");
        }
    }

    /** Default limits at {@code listen}. */
    public MetricsConfig(Endpoint listen) {
        this(listen, null, null);
    }

    /** The block as if omitted, for agent {@code defaultPort}. */
    public static MetricsConfig defaultFor(int defaultPort) {
        return new MetricsConfig(Endpoint.tcp(DEFAULT_HOST, defaultPort));
    }

    /** The configured endpoint, or 127.0.0.1:{@code defaultPort}. */
    public Endpoint listenOr(int defaultPort) {
        return listen != null ? listen : Endpoint.tcp(DEFAULT_HOST, defaultPort);
    }

    /** This block with {@code listen} filled in when it was omitted; the limits are kept. */
    public MetricsConfig withListenOr(Endpoint fallback) {
        return listen != null ? this : new MetricsConfig(fallback, maxConnections, requestDeadline);
    }
}
