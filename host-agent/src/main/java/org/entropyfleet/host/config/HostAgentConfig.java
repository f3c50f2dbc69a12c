package org.entropyfleet.host.config;

import java.util.List;
import org.entropyfleet.host.admission.AdmissionLimits;
import org.entropyfleet.link.config.ConfigException;
import org.entropyfleet.link.config.ConfigFiles;
import org.entropyfleet.link.config.DataSize;
import org.entropyfleet.link.config.Durations;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.MetricsConfig;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.local.LocalEgdListen;

/**
 * The host-agent's YAML configuration, validated once when loaded.
 *
 * <pre>
 * listen: 0.0.0.0:7776
 * tls: {cert: /etc/entropy-fleet/tls/host.crt, key: /etc/entropy-fleet/tls/host.key, ca: /etc/entropy-fleet/tls/ca.pem,
 *       allow: ["vm*.example.net"]}
 * sources:
 *   - {type: device, path: /dev/hwrng, min-entropy: 6}
 * metrics: {listen: 127.0.0.1:9776, max-connections: 1024, request-deadline: 5s}
 * pool-size: 64KiB
 * quota: {bytes-per-second: 4KiB, burst: 64KiB}
 * max-connections: 16384
 * max-connections-per-identity: 64
 * max-handshakes: 4096
 * max-handshakes-per-address: 32
 * timeouts: {handshake: 10s, handshake-under-load: 2s, partial-frame: 30s, idle: 0, blocking-read: 30s}
 * contributors: ["builder-*"]
 * local-egd: {listen: unix:/run/entropy-fleet/host-egd.sock, socket-group: entropy-egd, socket-mode: "0660", max-clients: 64}
 * busy-poll: 0
 * io-threads: 1    # default: half the cores, at least 1
 * state-dir: /var/lib/entropy-fleet
 * </pre>
 */
public record HostAgentConfig(Endpoint listen, TlsConfig tls, List<SourceConfig> sources, MetricsConfig metrics,
                              DataSize poolSize, QuotaConfig quota, Integer maxConnections, TimeoutsConfig timeouts,
                              List<String> contributors, LocalEgdConfig localEgd, java.time.Duration busyPoll,
                              Integer maxConnectionsPerIdentity, Integer maxHandshakes,
                              Integer maxHandshakesPerAddress, java.nio.file.Path stateDir, Integer ioThreads) {
    public static final DataSize DEFAULT_POOL_SIZE = new DataSize(64 * 1024);
    /** The pool is one array in memory: keep it sane. */
    public static final long MAX_POOL_SIZE = 64L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONNECTIONS = 16384;
    public static final int MAX_MAX_CONNECTIONS = 1_000_000;
    /**
     * Quotas are per certificate identity, so one machine = one certificate; 64 is far above what one
     * machine's agents open (one or two) and far below what would crowd out the rest of a fleet.
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_IDENTITY = 64;
    /**
     * Connections still in their handshake. At least the full-handshake rate (≈2,400/s measured on two
     * cores) times the shortened 2 s deadline. A connection that has not sent a whole ClientHello holds
     * no TLS engine (a channel and a small buffer, about 2 KB), so a budget larger than a storm of
     * half-open connections is cheap; and it must be larger, or the storm's surplus fills the kernel's
     * accept queue and real clients' connection attempts are dropped there, before any rule of ours runs.
     */
    public static final int DEFAULT_MAX_HANDSHAKES = 4096;
    /** Handshakes in progress from one source address (a NAT gateway of many VMs stays well below). */
    public static final int DEFAULT_MAX_HANDSHAKES_PER_ADDRESS = 32;
    /** Where the agent keeps what must survive a restart (the newest CRL seen per CA). */
    public static final java.nio.file.Path DEFAULT_STATE_DIR = java.nio.file.Path.of("/var/lib/entropy-fleet");
    public static final int MAX_SOURCES = 64;
    public static final int MAX_CONTRIBUTOR_GLOBS = 1000;
    /**
     * How long a serving event loop keeps polling after it handled I/O before it sleeps (like Linux's
     * net.core.busy_poll). Off by default: on cores shared with other work (the load generator, the
     * host's own jobs) the spinning costs more than the wake-ups it saves — more CPU per request at
     * window 1 and 64 and a lower window-64 rate (host-agent/README.md "Performance", busy-poll). 50us
     * pays where the agent has a core to itself and clients keep one request in flight.
     */
    public static final java.time.Duration DEFAULT_BUSY_POLL = java.time.Duration.ZERO;
    public static final java.time.Duration MAX_BUSY_POLL = java.time.Duration.ofMillis(1);
    /**
     * Event loops serving EGD connections (TLS handshakes included). Half the cores, at least one: the
     * work per request is tiny, and on a host whose cores are shared (with its clients' load, its own
     * jobs) each extra loop adds wake-ups and cross-core hand-offs rather than throughput — on two
     * shared cores one loop served the same rates as two at 15–25 % less CPU per handshake and request
     * (bench/ab.sh, host-agent/README.md "io-threads").
     * Raise it where handshake storms must finish faster than one core can do them (~1,600 full
     * handshakes/s per loop).
     */
    public static final int DEFAULT_IO_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    public static final int MAX_IO_THREADS = 256;

    public HostAgentConfig {
        if (listen == null) {
            throw new IllegalArgumentException("key 'listen': required (e.g. 0.0.0.0:7776)");
        }
        if (tls == null) {
            throw new IllegalArgumentException("key 'tls': required (cert, key, ca)");
        }
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("key 'sources': at least one source is required");
        }
        if (sources.size() > MAX_SOURCES) {
            throw new IllegalArgumentException("key 'sources': at most " + MAX_SOURCES);
        }
        sources = List.copyOf(sources);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            if (!names.add(sources.get(i).nameOr(i))) {
                throw new IllegalArgumentException("key 'sources[" + i + "].name': duplicate source name '"
                        + sources.get(i).nameOr(i) + "'");
            }
        }
        poolSize = poolSize == null ? DEFAULT_POOL_SIZE : poolSize;
        if (poolSize.bytes() < 256 || poolSize.bytes() > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("key 'pool-size': must be between 256 and 64MiB");
        }
        maxConnections = maxConnections == null ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        if (maxConnections < 1 || maxConnections > MAX_MAX_CONNECTIONS) {
            throw new IllegalArgumentException("key 'max-connections': must be between 1 and " + MAX_MAX_CONNECTIONS);
        }
        maxConnectionsPerIdentity = bounded(maxConnectionsPerIdentity, DEFAULT_MAX_CONNECTIONS_PER_IDENTITY,
                "max-connections-per-identity");
        maxHandshakes = bounded(maxHandshakes, DEFAULT_MAX_HANDSHAKES, "max-handshakes");
        maxHandshakesPerAddress = bounded(maxHandshakesPerAddress, DEFAULT_MAX_HANDSHAKES_PER_ADDRESS,
                "max-handshakes-per-address");
        stateDir = stateDir == null ? DEFAULT_STATE_DIR : stateDir;
        ioThreads = ioThreads == null ? DEFAULT_IO_THREADS : ioThreads;
        if (ioThreads < 1 || ioThreads > MAX_IO_THREADS) {
            throw new IllegalArgumentException("key 'io-threads': must be between 1 and " + MAX_IO_THREADS);
        }
        timeouts = timeouts == null ? TimeoutsConfig.defaults() : timeouts;
        if (timeouts.handshake() != null) {
            tls = tls.withHandshakeTimeout(timeouts.handshake());
        }
        busyPoll = busyPoll == null ? DEFAULT_BUSY_POLL : busyPoll;
        if (busyPoll.isNegative() || busyPoll.compareTo(MAX_BUSY_POLL) > 0) {
            throw new IllegalArgumentException("key 'busy-poll': must be between 0 (off) and 1ms");
        }
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        if (contributors.size() > MAX_CONTRIBUTOR_GLOBS) {
            throw new IllegalArgumentException("key 'contributors': at most " + MAX_CONTRIBUTOR_GLOBS + " globs");
        }
        for (int i = 0; i < contributors.size(); i++) {
            if (contributors.get(i) == null || contributors.get(i).isBlank()) {
                throw new IllegalArgumentException("key 'contributors[" + i + "]': must not be empty");
            }
        }
    }

    private static int bounded(Integer v, int dflt, String key) {
        int n = v == null ? dflt : v;
        if (n < 1 || n > MAX_MAX_CONNECTIONS) {
            throw new IllegalArgumentException("key '" + key + "': must be between 1 and " + MAX_MAX_CONNECTIONS);
        }
        return n;
    }

    /** The TLS listener's connection limits. */
    /** Reads and validates a host-agent config file the one way (see {@link ConfigFiles}); errors name file, line and key. */
    public static HostAgentConfig load(java.nio.file.Path file) throws ConfigException {
        return ConfigFiles.load(file, HostAgentConfig.class);
    }

    public AdmissionLimits admissionLimits() {
        return new AdmissionLimits(maxConnections, maxConnectionsPerIdentity, maxHandshakes, maxHandshakesPerAddress,
                tls.handshakeTimeout(), timeouts.handshakeUnderLoad());
    }

    /** One-paragraph summary for {@code check-config}; no secrets (paths only). */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("listen: ").append(listen).append('\n');
        s.append("tls: cert=").append(tls.cert()).append(" ca=").append(tls.ca())
                .append(" allow=").append(tls.allow()).append(" protocols=").append(tls.protocols()).append('\n');
        for (int i = 0; i < sources.size(); i++) {
            SourceConfig sc = sources.get(i);
            s.append("source ").append(sc.nameOr(i)).append(": ").append(sc.type()).append(' ')
                    .append(sc.path() != null ? sc.path() : sc.endpoint() != null ? sc.endpoint() : sc.command())
                    .append(" min-entropy=").append(sc.minEntropy()).append(" stall-timeout=").append(human(sc.stallTimeout()))
                    .append('\n');
        }
        s.append("pool-size: ").append(poolSize.bytes()).append(" bytes\n");
        s.append("quota: ").append(quota == null ? "unlimited" : quota.bytesPerSecond().bytes() + " B/s, burst "
                + quota.burst().bytes()).append('\n');
        s.append("max-connections: ").append(maxConnections).append(" (per identity ").append(maxConnectionsPerIdentity)
                .append(")\n");
        s.append("max-handshakes: ").append(maxHandshakes).append(" (per address ").append(maxHandshakesPerAddress)
                .append(")\n");
        s.append("timeouts: handshake=").append(human(tls.handshakeTimeout()))
                .append(" handshake-under-load=").append(human(timeouts.handshakeUnderLoad()))
                .append(" partial-frame=").append(human(timeouts.partialFrame()))
                .append(" idle=").append(timeouts.idle().isZero() ? "never" : human(timeouts.idle()))
                .append(" blocking-read=").append(human(timeouts.blockingRead())).append('\n');
        s.append("contributors: ").append(contributors).append('\n');
        s.append("busy-poll: ").append(busyPoll.isZero() ? "off" : Durations.format(busyPoll)).append('\n');
        s.append("io-threads: ").append(ioThreads).append('\n');
        LocalEgdListen local = localEgd == null ? null : localEgd.common();
        s.append("local-egd: ").append(local == null ? "off" : local.listen() + " max-clients=" + local.access().maxClients()
                + (local.listen().isUnix()
                        ? " socket-group=" + (local.access().socketGroup() == null ? "(agent's)" : local.access().socketGroup())
                                + " socket-mode=" + local.access().socketModeText()
                        : " max-clients-per-user=" + local.access().maxClientsPerUser())
                + " idle-timeout=" + (local.idleTimeout().isZero() ? "never" : human(local.idleTimeout())))
                .append('\n');
        s.append("state-dir: ").append(stateDir).append('\n');
        MetricsConfig m = metrics == null ? new MetricsConfig(null) : metrics;
        s.append("metrics: ").append(m.listen() == null ? "default" : m.listen())
                .append(" max-connections=").append(m.maxConnections())
                .append(" request-deadline=").append(Durations.format(m.requestDeadline())).append('\n');
        return s.toString();
    }

    private static String human(java.time.Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
