package org.entropyfleet.client;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.config.ClientAgentConfig;
import org.entropyfleet.client.config.LocalEgdConfig;
import org.entropyfleet.client.kernel.KernelFeeder;
import org.entropyfleet.client.kernel.KernelInfo;
import org.entropyfleet.client.kernel.KernelMetrics;
import org.entropyfleet.client.kernel.KernelMode;
import org.entropyfleet.client.kernel.LinuxKernelRandom;
import org.entropyfleet.client.local.LocalEgdServer;
import org.entropyfleet.client.local.LocalEntropyBuffer;
import org.entropyfleet.client.upstream.HostConnector;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.metrics.MetricsServer;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.TlsConfigException;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running client-agent: one event loop thread for the upstream connection, the local endpoint
 * and metrics; one feeder thread for the kernel. Start with {@link #start}, stop with {@link #close}.
 */
public final class ClientAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAgent.class);

    /** Event loop threads: the agent moves a few hundred bytes a minute. */
    static final int EVENT_LOOP_THREADS = 1;
    /** Bound on a graceful stop before the event loop is forced down. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    public static final int DEFAULT_METRICS_PORT = 9777;

    private final MetricRegistry metrics = new MetricRegistry();
    private EventLoopGroup group;
    private ClientTlsContext tls;
    private HostConnector connector;
    private LinuxKernelRandom kernel;
    private KernelFeeder feeder;
    private KernelMode mode = KernelMode.OFF;
    private LocalEntropyBuffer buffer;
    private LocalEgdServer local;
    private MetricsServer metricsServer;

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
        group = Transport.newGroup(EVENT_LOOP_THREADS, "client-agent");
        tls = ClientTlsContext.open(cfg.tls(), metrics, cfg.tlsProvider().sslProvider());
        Endpoint anyHost = Endpoint.tcp(cfg.upstreamHosts().get(0).host(), cfg.upstreamHosts().get(0).port());
        connector = new HostConnector(cfg.upstreamSettings(), tls::addTo, group, Transport.clientChannel(anyHost), metrics);
        connector.start();

        metrics.gauge("kernel.mode", () -> () -> mode.gaugeValue());
        if (cfg.kernel().mode() != KernelMode.OFF) {
            kernel = LinuxKernelRandom.open(cfg.kernel().procRoot(), new KernelMetrics(metrics));
            mode = KernelInfo.resolve(cfg.kernel().mode(), kernel, cfg.kernel().procRoot());
            LOG.info("event=kernel-mode configured={} resolved={} release={}", cfg.kernel().mode().configName(),
                    mode.configName(), KernelInfo.release(cfg.kernel().procRoot()));
            feeder = new KernelFeeder(kernel, connector, cfg.kernel().feedSettings(fetchTimeout(cfg)), mode);
            feeder.start();
        }

        LocalEgdConfig lc = cfg.localEgd();
        if (lc != null) {
            buffer = new LocalEntropyBuffer(connector, lc.bufferBytes());
            buffer.start();
            local = LocalEgdServer.start(Transport.address(lc.listen()), Transport.serverChannel(lc.listen()), group,
                    buffer, lc.serverOptions(), lc.maxClients(), metrics);
        }
        metricsServer = MetricsServer.start(cfg.metrics().listenOr(DEFAULT_METRICS_PORT), metrics,
                () -> connector.activeHost() != null, group);
        LOG.info("event=client-agent-started hosts={} kernel-mode={} local-egd={} metrics-port={}",
                cfg.hosts(), mode.configName(), lc == null ? "off" : local.localAddress(), metricsServer.port());
    }

    /** A fetch may wait through a failover: a few request timeouts, and never less than 30 s. */
    static Duration fetchTimeout(ClientAgentConfig cfg) {
        Duration d = cfg.requestTimeout().multipliedBy(4L * cfg.hosts().size());
        return d.compareTo(Duration.ofSeconds(30)) < 0 ? Duration.ofSeconds(30) : d;
    }

    public MetricRegistry metrics() {
        return metrics;
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

    /** Re-reads certificate, key, CA bundle and CRL now (SIGHUP), not at the next reload interval. */
    public void reloadTls() {
        tls.reload();
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

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("event=close-failed component={} reason=\"{}\"", c.getClass().getSimpleName(), e.toString());
        }
    }
}
