package org.entropyfleet.link.config;

/**
 * The {@code metrics:} block. Each agent has its own default port (host 9776, client 9777), so a
 * missing {@code listen} stays null here and {@link #listenOr(int)} fills it in: on loopback,
 * because metrics reveal pool levels and peer names and need no exposure by default.
 *
 * @param listen where the Prometheus endpoint listens, or null for the agent's default
 */
public record MetricsConfig(Endpoint listen) {
    /** Address the default endpoint binds to. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The block as if omitted, for agent {@code defaultPort}. */
    public static MetricsConfig defaultFor(int defaultPort) {
        return new MetricsConfig(Endpoint.tcp(DEFAULT_HOST, defaultPort));
    }

    /** The configured endpoint, or 127.0.0.1:{@code defaultPort}. */
    public Endpoint listenOr(int defaultPort) {
        return listen != null ? listen : Endpoint.tcp(DEFAULT_HOST, defaultPort);
    }
}
