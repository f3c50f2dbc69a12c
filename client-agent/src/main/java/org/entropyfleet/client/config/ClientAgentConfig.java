package org.entropyfleet.client.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.client.upstream.UpstreamSettings;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigFiles;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.MetricsConfig;
import org.entropyfleet.link.config.TlsConfig;

/**
 * The client-agent's YAML file, validated once at start-up.
 *
 * <pre>{@code
 * hosts:                               # preference order
 *   - "rng1.example.net:7776"           # connect there; the certificate must name rng1.example.net
 *   - {address: "192.0.2.20:7776", name: rng2.example.net}   # connect to address, verify name
 * tls: {cert: /etc/entropy-fleet/tls/client.crt, key: /etc/entropy-fleet/tls/client.key, ca: /etc/entropy-fleet/tls/ca.pem}
 * kernel: {mode: auto}                  # see KernelConfig for the other keys
 * local-egd: {listen: 127.0.0.1:7777}   # omit to disable
 * metrics: {listen: 127.0.0.1:9777, max-connections: 1024, request-deadline: 5s}
 * request-timeout: 5s
 * failback-after: 5m
 * tls-provider: jdk                     # jdk | openssl | auto
 * refused-backoff-max: 5m               # longest wait before retrying a host that refused our certificate
 * }</pre>
 *
 * @param hosts          host-agents, most preferred first: "name:port" / "[v6]:port", or {@link HostEntry}
 *                       mappings whose certificate name differs from the address
 * @param tls            required: the agent never talks to a host in plaintext
 * @param requestTimeout a request unanswered this long marks a host slow; also the connect timeout
 * @param failbackAfter  time on a fallback host before the first host is probed again
 * @param tlsProvider    TLS implementation for the upstream connections; default {@code jdk} because the
 *                       daemon does one handshake per host connection and BoringSSL costs ≈ 2 MB more RSS
 * @param refusedBackoffMax cap of the backoff after a host refused our certificate (it starts at
 *                       {@link org.entropyfleet.client.upstream.UpstreamSettings#REFUSED_BACKOFF_INITIAL}); separate from the
 *                       short backoff after transport errors, and reset when our TLS files reload
 */
public record ClientAgentConfig(List<HostEntry> hosts, TlsConfig tls, KernelConfig kernel, LocalEgdConfig localEgd,
        MetricsConfig metrics, Duration requestTimeout, Duration failbackAfter, TlsProviderChoice tlsProvider,
        Duration refusedBackoffMax) {

    public static final int MAX_HOSTS = 16;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration MAX_REQUEST_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_FAILBACK_AFTER = Duration.ofMinutes(5);
    public static final Duration MIN_REFUSED_BACKOFF_MAX = Duration.ofSeconds(10);
    public static final Duration MAX_REFUSED_BACKOFF_MAX = Duration.ofHours(1);
    public static final Endpoint DEFAULT_METRICS = new Endpoint("127.0.0.1", 9777, null);

    public ClientAgentConfig {
        if (hosts == null || hosts.isEmpty()) {
            throw new IllegalArgumentException("key 'hosts': at least one host-agent \"name:port\" is required");
        }
        if (hosts.size() > MAX_HOSTS) {
            throw new IllegalArgumentException("key 'hosts': at most " + MAX_HOSTS + " hosts");
        }
        for (int i = 0; i < hosts.size(); i++) {
            if (hosts.get(i) == null) {
                throw new IllegalArgumentException("key 'hosts[" + i + "]': empty entry");
            }
        }
        hosts = List.copyOf(hosts);
        if (tls == null) {
            throw new IllegalArgumentException("key 'tls': required (cert, key, ca): entropy is never fetched in plaintext");
        }
        kernel = kernel == null ? KernelConfig.defaults() : kernel;
        metrics = (metrics == null ? new MetricsConfig(null) : metrics).withListenOr(DEFAULT_METRICS);
        if (!metrics.listen().isUnix() && !org.entropyfleet.link.local.LocalEgdListen.isLoopback(metrics.listen().host())) {
            throw new IllegalArgumentException("key 'metrics.listen': must be a loopback address");
        }
        requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
        if (requestTimeout.compareTo(Duration.ofMillis(50)) < 0 || requestTimeout.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException("key 'request-timeout': must be 50ms..5m");
        }
        tlsProvider = tlsProvider == null ? TlsProviderChoice.JDK : tlsProvider;
        failbackAfter = failbackAfter == null ? DEFAULT_FAILBACK_AFTER : failbackAfter;
        if (failbackAfter.compareTo(Duration.ofMillis(50)) < 0) {
            throw new IllegalArgumentException("key 'failback-after': must be ≥ 50ms");
        }
        refusedBackoffMax = refusedBackoffMax == null ? UpstreamSettings.DEFAULT_REFUSED_BACKOFF_MAX : refusedBackoffMax;
        if (refusedBackoffMax.compareTo(MIN_REFUSED_BACKOFF_MAX) < 0 || refusedBackoffMax.compareTo(MAX_REFUSED_BACKOFF_MAX) > 0) {
            // below 10 s a refused fleet would hammer its hosts again; above an hour a fixed host waits too long
            throw new IllegalArgumentException("key 'refused-backoff-max': must be 10s..1h");
        }
    }

    /**
     * Reads and validates a client-agent config file as the daemon, its reloads, check-config and status do
     * (see {@link ConfigFiles}); errors name file, line and key.
     */
    public static ClientAgentConfig load(Path file) throws ConfigException {
        return ConfigFiles.load(file, ClientAgentConfig.class);
    }

    /** {@link #load} for a run that reads the file once and exits ({@code seed}), see {@link ConfigFiles#loadOnce}. */
    public static ClientAgentConfig loadOnce(Path file) throws ConfigException {
        return ConfigFiles.loadOnce(file, ClientAgentConfig.class);
    }

    public List<UpstreamHost> upstreamHosts() {
        List<UpstreamHost> list = new ArrayList<>();
        hosts.forEach(h -> list.add(h.upstream()));
        return list;
    }

    public UpstreamSettings upstreamSettings() {
        return new UpstreamSettings(upstreamHosts(), requestTimeout, failbackAfter, refusedBackoffMax);
    }
}
