package org.entropyfleet.host;

import static org.entropyfleet.link.lifecycle.Closeables.closeQuietly;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.admission.TlsAdmission;
import org.entropyfleet.host.config.HostAgentConfig;
import org.entropyfleet.host.config.LocalEgdConfig;
import org.entropyfleet.host.config.SourceConfig;
import org.entropyfleet.host.pool.EntropyPool;
import org.entropyfleet.host.pool.Quota;
import org.entropyfleet.host.serve.Contributions;
import org.entropyfleet.host.serve.EgdListener;
import org.entropyfleet.host.serve.PoolBackend;
import org.entropyfleet.host.source.CommandSource;
import org.entropyfleet.host.source.DeviceSource;
import org.entropyfleet.host.source.EgdUpstreamSource;
import org.entropyfleet.host.source.SourceSettings;
import org.entropyfleet.host.source.SourceSink;
import org.entropyfleet.host.source.SourceWatchdog;
import org.entropyfleet.host.source.SourcesHealth;
import org.entropyfleet.host.source.StreamSource;
import org.entropyfleet.link.lifecycle.Closeables;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.MetricsConfig;
import org.entropyfleet.link.egd.EgdCloseLog;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.local.LocalEgdServer;
import org.entropyfleet.link.metrics.Health;
import org.entropyfleet.link.metrics.HealthChecks;
import org.entropyfleet.link.metrics.MetricsServer;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.CrlHistory;
import org.entropyfleet.link.tls.SslProviders;
import org.entropyfleet.link.tls.SessionTicketKeys;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.transport.ListenException;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running host-agent: sources → health tests → conditioning → pool → EGD over mTLS (and an optional
 * local plaintext listener), plus metrics. Built from a validated {@link HostAgentConfig}; closing it
 * shuts down gracefully.
 *
 * <p>Threads: one per source (blocking reads, child processes), one for contributions, a watchdog
 * timer, the pool's quota timer, and Netty event loops that never block. The metrics endpoint has an
 * event loop of its own, so a flood of connections to it cannot delay accepting EGD clients.
 */
public final class HostAgent implements AutoCloseable {
    /** How long shutdown waits for blocking reads in flight to be answered. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    public static final Endpoint DEFAULT_METRICS = new Endpoint("127.0.0.1", 9776, null);

    private static final Logger LOG = LoggerFactory.getLogger(HostAgent.class);
    /** The local listener's metrics: {@code host.local.connections}, {@code host.local.connections-refused}. */
    static final LocalEgdServer.MetricNames LOCAL_METRICS =
            new LocalEgdServer.MetricNames("host.local.connections", "host.local.connections-refused");

    private final MetricRegistry metrics;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<StreamSource> sources = new ArrayList<>();
    private final List<ClientTlsContext> upstreamTls = new ArrayList<>();
    private final HealthChecks health = new HealthChecks().add(() -> SourcesHealth.of(sources));
    private EventLoopGroup boss;
    private EventLoopGroup metricsLoop;
    private EventLoopGroup workers;
    private ServerTlsContext serverTls;
    private EntropyPool pool;
    private Contributions contributions;
    private EgdListener listener;
    private LocalEgdServer local;
    private MetricsServer metricsServer;
    private volatile boolean closed;

    private HostAgent(MetricRegistry metrics) {
        this.metrics = metrics;
    }

    public static HostAgent start(HostAgentConfig cfg, MetricRegistry metrics) throws Exception {
        HostAgent a = new HostAgent(metrics);
        try {
            a.startAll(cfg);
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
        return a;
    }

    private void startAll(HostAgentConfig cfg) throws Exception {
        boss = Transport.newGroup(1, "host-accept");
        workers = Transport.newGroup(cfg.ioThreads(), "host-io", cfg.busyPoll().toNanos());
        serverTls = ServerTlsContext.open(cfg.tls(), metrics, SslProviders.preferred(), crlHistory(cfg),
                SessionTicketKeys.persistent(cfg.stateDir().resolve("tls")));
        ServerTlsContext tls = serverTls;
        health.add(() -> crlHealth(tls.expiredCrls()));
        serverTls.registerDateGauges(metrics);
        Quota quota = cfg.quota() == null ? null : cfg.quota().toQuota();
        pool = new EntropyPool((int) cfg.poolSize().bytes(), quota, metrics);
        SourceWatchdog watchdog = new SourceWatchdog();
        closeables.add(watchdog);
        for (int i = 0; i < cfg.sources().size(); i++) {
            StreamSource s = source(cfg.sources().get(i), i);
            sources.add(s);
            watchdog.watch(s);
        }
        contributions = new Contributions(cfg.contributors(), pool, metrics);
        PoolBackend backend = new PoolBackend(pool, contributions, metrics);
        TlsAdmission admission = new TlsAdmission(cfg.admissionLimits(), metrics, boss.next());
        closeables.add(admission);
        EgdCloseLog.countInto(metrics);
        EgdServerOptions options = new EgdServerOptions(cfg.timeouts().partialFrame(), cfg.timeouts().idle(),
                cfg.timeouts().blockingRead());
        // The metrics endpoint binds first: an address in use there fails the start before clients could
        // connect to a listener that is about to close again.
        MetricsConfig metricsCfg = (cfg.metrics() == null ? new MetricsConfig(null) : cfg.metrics()).withListenOr(DEFAULT_METRICS);
        Endpoint metricsAt = metricsCfg.listen();
        metricsLoop = Transport.newGroup(1, "host-metrics");
        metricsServer = MetricsServer.start(metricsCfg, metrics, health, metricsLoop, "host-agent");
        sources.forEach(StreamSource::start);
        // Listening does not wait for the sources: accepting and handshaking need nothing from them, the
        // pool holds only bytes that passed the start-up health tests, and reads wait for those (0x00
        // answers 0, 0x01 returns no bytes meanwhile), so a restarted host's fleet reconnects at once.
        listener = ListenException.naming("listen", cfg.listen(),
                () -> EgdListener.startTls(cfg.listen(), boss, workers, serverTls, backend, options, admission));
        if (cfg.localEgd() != null) {
            startLocal(cfg.localEgd(), backend, options);
        }
        LOG.info("event=started listen={} sources={} pool-size={} max-connections={} metrics={}",
                cfg.listen(), sources.size(), cfg.poolSize().bytes(), cfg.maxConnections(), metricsAt);
    }

    /** The plaintext listener has limits of its own: local users must not use up the TLS listener's. */
    private void startLocal(LocalEgdConfig lc, PoolBackend backend, EgdServerOptions tlsOptions)
            throws InterruptedException, ListenException {
        EgdServerOptions options = new EgdServerOptions(tlsOptions.partialFrameTimeout(), lc.common().idleTimeout(),
                tlsOptions.blockingReadTimeout());
        local = ListenException.naming("local-egd.listen", lc.listen(),
                () -> LocalEgdServer.start(lc.listen(), workers, backend, options, lc.access(), LOCAL_METRICS, metrics));
    }

    /** With a CRL configured, the newest CRL seen per CA is kept in {@code state-dir}, so a rollback survives restarts. */
    private static CrlHistory crlHistory(HostAgentConfig cfg) throws TlsConfigException {
        if (cfg.tls().crl() == null) {
            return CrlHistory.inMemory();
        }
        java.nio.file.Path dir = cfg.stateDir().resolve("crl");
        try {
            return CrlHistory.persistent(dir);
        } catch (java.io.IOException | RuntimeException e) {
            throw new TlsConfigException(dir, "key 'state-dir': cannot keep the CRL history in " + dir + ": "
                    + e.getMessage() + " (set state-dir to a directory this user can write)");
        }
    }

    private StreamSource source(SourceConfig sc, int index) throws Exception {
        String name = sc.nameOr(index);
        SourceSettings settings = SourceSettings.of(name, sc.minEntropy(), sc.stallTimeout());
        SourceSink sink = new SourceSink(name, sc.minEntropy(), pool, metrics);
        return switch (sc.type()) {
            case "device" -> new DeviceSource(sc.path(), settings, sink, metrics);
            case "command" -> new CommandSource(sc.command(), settings, sink, metrics);
            default -> {
                ClientTlsContext ctls = null;
                if (sc.tls() != null) {
                    ctls = ClientTlsContext.open(sc.tls(), metrics);
                    closeables.add(ctls);
                    upstreamTls.add(ctls);
                }
                yield new EgdUpstreamSource(sc.endpoint(), ctls, workers, settings, sink, metrics);
            }
        };
    }

    /**
     * An expired CRL degrades, whether it is still used ({@code tls.crl-expired: warn}) or its CA's clients
     * are refused ({@code refuse}): clients of other CAs are still served either way.
     */
    static Health crlHealth(List<String> expiredCrls) {
        return expiredCrls.isEmpty() ? Health.OK : new Health(Health.Level.DEGRADED, expiredCrls);
    }

    /** Not down: at least one source is running and passing its health tests (and no other check says down). */
    public boolean healthy() {
        return health.get().level() != Health.Level.DOWN;
    }

    /** What {@code /healthz} answers (see {@link SourcesHealth}). */
    public Health health() {
        return health.get();
    }

    /** Where other components add their checks to {@code /healthz} (e.g. an expired CRL). */
    public HealthChecks healthChecks() {
        return health;
    }

    /**
     * SIGHUP: re-read certificates, and apply the allowlist, contributors and quota of a freshly loaded
     * config. Other keys need a restart (logged).
     */
    public void reload(HostAgentConfig fresh) {
        serverTls.reload();
        upstreamTls.forEach(ClientTlsContext::reload);
        serverTls.updateAllowlist(fresh.tls().allow());
        contributions.updateAllowlist(fresh.contributors());
        pool.setQuota(fresh.quota() == null ? null : fresh.quota().toQuota());
        LOG.info("event=reloaded allow={} contributors={} quota={}", fresh.tls().allow(), fresh.contributors(),
                fresh.quota() == null ? "unlimited" : fresh.quota().bytesPerSecond().bytes() + "B/s");
    }

    public int port() {
        return listener.port();
    }

    public int localPort() {
        return local == null ? -1 : local.port();
    }

    public int metricsPort() {
        return metricsServer.port();
    }

    public EntropyPool pool() {
        return pool;
    }

    public List<StreamSource> sources() {
        return List.copyOf(sources);
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    /**
     * Graceful stop: stop accepting, give blocking reads in flight up to {@link #SHUTDOWN_GRACE} to be
     * answered, then close connections, sources and the rest.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("event=stopping");
        if (listener != null) {
            listener.stopAccepting();
        }
        if (local != null) {
            local.stopAccepting();
        }
        if (pool != null) {
            long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
            while (pool.waiting() > 0 && System.nanoTime() < deadline) {
                try {
                    TimeUnit.MILLISECONDS.sleep(20);   // shutdown drain poll
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        closeQuietly(listener);
        closeQuietly(local);
        sources.forEach(Closeables::closeQuietly);
        closeQuietly(contributions);
        closeQuietly(pool);
        closeQuietly(metricsServer);
        closeables.forEach(Closeables::closeQuietly);
        closeQuietly(serverTls);
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (metricsLoop != null) {
            metricsLoop.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        LOG.info("event=stopped");
    }
}
