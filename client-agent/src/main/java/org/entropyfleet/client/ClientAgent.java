package org.entropyfleet.client;

import static org.entropyfleet.link.lifecycle.Closeables.closeQuietly;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.config.LocalEgdConfig;
import org.entropyfleet.client.config.RestartKeys;
import org.entropyfleet.client.kernel.FeedSettings;
import org.entropyfleet.client.kernel.KernelFeeder;
import org.entropyfleet.client.kernel.KernelInfo;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.KernelMode;
import org.entropyfleet.client.kernel.LinuxKernelRandom;
import org.entropyfleet.client.kernel.WatermarkFit;
import org.entropyfleet.client.local.LocalEntropyBuffer;
import org.entropyfleet.link.local.LocalEgdServer;
import org.entropyfleet.client.upstream.HostConnector;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.Health;
import org.entropyfleet.link.metrics.HealthChecks;
import org.entropyfleet.link.metrics.MetricsServer;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.transport.ListenException;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running client-agent: one event loop thread for the upstream connection, the local endpoint
 * and metrics; one feeder thread for the kernel. Start with {@link #start}, stop with {@link #close}.
 */
public final class ClientAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAgent.class);
    /** The local endpoint's metrics: {@code local.clients}, {@code local.refused-connections}. */
    public static final LocalEgdServer.MetricNames LOCAL_METRICS =
            new LocalEgdServer.MetricNames("local.clients", "local.refused-connections");

    /** Event loop threads: the agent moves a few hundred bytes a minute. */
    static final int EVENT_LOOP_THREADS = 1;
    /** Bound on a graceful stop before the event loop is forced down. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    public static final int DEFAULT_METRICS_PORT = 9777;

    private final MetricRegistry metrics = new MetricRegistry();
    private final HealthChecks health = new HealthChecks();
    private EventLoopGroup group;
    private ClientTlsContext tls;
    private HostConnector connector;
    private LinuxKernelRandom kernel;
    private volatile KernelFeeder feeder;
    private KernelMode mode = KernelMode.OFF;
    private KernelMetrics kernelMetrics;
    private LocalEntropyBuffer buffer;
    private LocalEgdServer local;
    private MetricsServer metricsServer;
    /** What the agent started with: keys bound at start are compared against it on every reload. */
    private ClientAgentConfig startedWith;
    /** The last config applied (at start or by a reload). */
    private ClientAgentConfig applied;

    private ClientAgent() {
    }

    /** Starts everything the config asks for; on failure, what was started is stopped again. */
    public static ClientAgent start(ClientAgentConfig cfg) throws TlsConfigException, IOException, InterruptedException {
        ClientAgent a = new ClientAgent();
        try {
            a.startAll(cfg);
            return a;
        } catch (TlsConfigException | IOException | InterruptedException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void startAll(ClientAgentConfig cfg) throws TlsConfigException, IOException, InterruptedException {
        startedWith = cfg;
        applied = cfg;
        group = Transport.newGroup(EVENT_LOOP_THREADS, "client-agent");
        tls = ClientTlsContext.open(cfg.tls(), metrics, cfg.tlsProvider().sslProvider());
        tls.registerDateGauges(metrics);
        Endpoint anyHost = Endpoint.tcp(cfg.upstreamHosts().get(0).host(), cfg.upstreamHosts().get(0).port());
        connector = new HostConnector(cfg.upstreamSettings(), tls::addTo, group, Transport.clientChannel(anyHost), metrics);
        tls.onReload(connector::tlsFilesReloaded);
        connector.start();

        metrics.gauge("kernel.mode", () -> () -> mode.gaugeValue());
        if (cfg.kernel().mode() != KernelMode.OFF) {
            kernelMetrics = new KernelMetrics(metrics);
            kernel = LinuxKernelRandom.open(cfg.kernel().procRoot(), kernelMetrics);
            KernelMode resolved = KernelInfo.resolve(cfg.kernel().mode(), kernel, cfg.kernel().procRoot());
            FeedSettings feed = cfg.kernel().feedSettings(fetchTimeout(cfg));
            WatermarkFit fit = WatermarkFit.check(resolved, feed, poolSize(kernel));
            mode = fit.mode();
            LOG.info("event=kernel-mode configured={} resolved={} release={}", cfg.kernel().mode().configName(),
                    mode.configName(), KernelInfo.release(cfg.kernel().procRoot()));
            if (fit.warning() != null) {
                LOG.warn("event=kernel-watermark-misfit fell-back={} reason=\"{}\"", fit.fellBack(), fit.warning());
                if (fit.fellBack()) {
                    // the config asks for something this kernel cannot do: an operator should fix it
                    health.add(() -> Health.degraded("kernel: " + fit.warning()));
                }
            }
            metrics.gauge("kernel.watermark-fallback", () -> () -> fit.fellBack() ? 1 : 0);
            metrics.gauge("kernel.watermark-above-pool", () -> () -> fit.warning() != null ? 1 : 0);
            KernelMetrics km = kernelMetrics;
            health.add(() -> km.fallbacks() > 0 ? Health.degraded("kernel refused the credit (the agent lacks"
                    + " CAP_SYS_ADMIN): bytes are mixed in uncredited") : Health.OK);
            feeder = new KernelFeeder(kernel, connector, feed, mode, kernelMetrics);
            feeder.registerGauges(metrics);
            feeder.start();
        }

        LocalEgdConfig lc = cfg.localEgd();
        if (lc != null) {
            buffer = new LocalEntropyBuffer(connector, lc.bufferBytes());
            buffer.start();
            LocalEntropyBuffer localBuffer = buffer;
            local = ListenException.naming("local-egd.listen", lc.listen(),
                    () -> LocalEgdServer.start(lc.listen(), group, localBuffer, lc.serverOptions(), lc.access(),
                            LOCAL_METRICS, metrics));
        }
        health.add(() -> ClientHealth.evaluate(connector.activeHost(), connector.preferredHost(),
                kernelMetrics == null ? 0 : kernelMetrics.bitsCredited(), buffer == null ? -1 : buffer.buffered()));
        metricsServer = MetricsServer.start(cfg.metrics(), metrics, health, group, "client-agent");
        LOG.info("event=client-agent-started hosts={} kernel-mode={} local-egd={} metrics-port={}",
                cfg.hosts(), mode.configName(), lc == null ? "off" : local.localAddress(), metricsServer.port());
    }

    private static int poolSize(LinuxKernelRandom kernel) {
        try {
            return kernel.poolSize();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * SIGHUP: re-reads the TLS files and applies the hosts list, upstream timings, kernel timings and the
     * local endpoint's limits of {@code fresh} without dropping a working upstream connection. Keys bound
     * at start ({@link RestartKeys}) keep their running values; the ones that changed are logged.
     */
    public synchronized void reload(ClientAgentConfig fresh) {
        tls.reload();
        connector.reconfigure(fresh.upstreamSettings());
        KernelFeeder running = feeder;
        if (running != null) {
            FeedSettings next = fresh.kernel().feedSettings(fetchTimeout(fresh));
            if (!next.equals(applied.kernel().feedSettings(fetchTimeout(applied)))) {
                // the feeder's schedule is fixed at its start: a new one takes over with the new timings
                KernelFeeder replacement = new KernelFeeder(kernel, connector, next, mode, kernelMetrics);
                running.close();
                feeder = replacement;
                replacement.start();
            }
        }
        LocalEgdConfig lc = fresh.localEgd();
        if (local != null && lc != null) {
            local.updateLimits(lc.serverOptions(), lc.access());
        }
        applied = fresh;
        List<String> restart = RestartKeys.changed(startedWith, fresh);
        LOG.info("event=reloaded hosts={} kernel-mode={} local-max-clients={} restart-needed-for={}", fresh.hosts(),
                mode.configName(), lc == null ? "off" : lc.maxClients(), restart.isEmpty() ? "none" : restart);
        if (!restart.isEmpty()) {
            LOG.warn("event=reload-incomplete keys={} reason=\"bound at start: restart the agent to apply them\"",
                    restart);
        }
    }

    /** A fetch may wait through a failover: a few request timeouts, and never less than 30 s. */
    static Duration fetchTimeout(ClientAgentConfig cfg) {
        Duration d = cfg.requestTimeout().multipliedBy(4L * cfg.hosts().size());
        return d.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : d;
    }

    public MetricRegistry metrics() {
        return metrics;
    }

    /** What {@code /healthz} answers (see {@link ClientHealth}). */
    public Health health() {
        return health.get();
    }

    /** Where other components add their checks to {@code /healthz}. */
    public HealthChecks healthChecks() {
        return health;
    }

    public HostConnector connector() {
        return connector;
    }

    public KernelMode kernelMode() {
        return mode;
    }

    public int metricsPort() {
        return metricsServer.port();
    }

    /** The local EGD endpoint's bound address, or null when it is off. */
    public SocketAddress localEgdAddress() {
        return local == null ? null : local.localAddress();
    }

    @Override
    public void close() {
        closeQuietly(metricsServer);
        closeQuietly(local);
        if (buffer != null) {
            buffer.close();
        }
        closeQuietly(feeder);
        closeQuietly(connector);
        closeQuietly(kernel);
        closeQuietly(tls);
        if (group != null) {
            group.shutdownGracefully(0, SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(SHUTDOWN_GRACE.toMillis() + 1000);
        }
        LOG.info("event=client-agent-stopped");
    }
}
