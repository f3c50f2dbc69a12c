package org.entropyfleet.link.config;

import java.nio.file.Path;
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
 * @param textfileDir     null (off), or a directory where the agent keeps {@code entropy-fleet-AGENT.prom}
 *                        in the node_exporter textfile-collector format (e.g.
 *                        /var/lib/prometheus/node-exporter), replaced atomically: metrics of a machine
 *                        whose agent listens on loopback only reach Prometheus through node_exporter
 * @param textfileInterval how often that file is rewritten
 */
public record MetricsConfig(Endpoint listen, Integer maxConnections, Duration requestDeadline, Path textfileDir,
                            Duration textfileInterval) {
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

    /** node_exporter's own scrape interval is typically 15 s to 1 min; a file fresher than that is wasted work. */
    public static final Duration DEFAULT_TEXTFILE_INTERVAL = Duration.ofSeconds(15);
    public static final Duration MIN_TEXTFILE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration MAX_TEXTFILE_INTERVAL = Duration.ofHours(1);

    public MetricsConfig {
        maxConnections = maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        if (maxConnections < 1 || maxConnections > MAX_MAX_CONNECTIONS) {
            throw new IllegalArgumentException("key 'max-connections': must be between 1 and " + MAX_MAX_CONNECTIONS);
        }
        requestDeadline = requestDeadline == null ? DEFAULT_REQUEST_DEADLINE : requestDeadline;
        if (requestDeadline.compareTo(MIN_REQUEST_DEADLINE) < 0 || requestDeadline.compareTo(MAX_REQUEST_DEADLINE) > 0) {
            throw new IllegalArgumentException("key 'request-deadline': must be between 100ms and 5m");
        }
        textfileInterval = textfileInterval == null ? DEFAULT_TEXTFILE_INTERVAL : textfileInterval;
        if (textfileInterval.compareTo(MIN_TEXTFILE_INTERVAL) < 0 || textfileInterval.compareTo(MAX_TEXTFILE_INTERVAL) > 0) {
            throw new IllegalArgumentException("key 'textfile-interval': must be between 1s and 1h");
        }
        if (textfileDir != null && !textfileDir.isAbsolute()) {
            throw new IllegalArgumentException("key 'textfile-dir': must be an absolute path");
        }
    }

    /** Limits at {@code listen}, no textfile. */
    public MetricsConfig(Endpoint listen, Integer maxConnections, Duration requestDeadline) {
        this(listen, maxConnections, requestDeadline, null, null);
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
        return listen != null ? this
                : new MetricsConfig(fallback, maxConnections, requestDeadline, textfileDir, textfileInterval);
    }
}
