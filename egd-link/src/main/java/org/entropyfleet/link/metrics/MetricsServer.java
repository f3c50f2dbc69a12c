package org.entropyfleet.link.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.entropyfleet.link.config.Durations;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.config.MetricsConfig;
import org.entropyfleet.link.transport.ListenException;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' HTTP endpoint for Prometheus and health checks: {@code GET /metrics} (text format
 * 0.0.4), {@code /metrics.json} and {@code /healthz} (see {@link Health}). Runs on the caller's
 * event loop group — a scrape every few seconds does not deserve threads of its own.
 *
 * <p>Whoever reaches the port can open connections, so idle ones must not be able to keep a health
 * check out: at most {@link MetricsConfig#maxConnections()} are open, and a newcomer sheds the one
 * whose request has been awaited longest rather than being refused; every exchange must finish
 * within {@link MetricsConfig#requestDeadline()} (see {@link ConnectionGuard}). Request heads are
 * limited to {@link #MAX_HEADER_BYTES} and bodies to {@link #MAX_BODY_BYTES}. Metrics:
 * {@code metrics-server.connections.open} and {@code metrics-server.connections.closed.<reason>}
 * (shed, request-deadline, response-deadline, pipelined).
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Longest request line and longest header block. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** Largest request body buffered (GETs have none). */
    public static final int MAX_BODY_BYTES = 1024;
    /** Prefix of the server's own metrics. */
    public static final String METRIC_PREFIX = "metrics-server";
    /** The config key of the address, named when it cannot be bound. */
    public static final String KEY = "metrics.listen";
    static final String OPEN_GAUGE = MetricRegistry.name(METRIC_PREFIX, "connections", "open");

    private final Channel channel;
    private final Endpoint endpoint;
    private volatile MetricsTextfile textfile;

    private MetricsServer(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /**
     * As {@link #start(MetricsConfig, MetricRegistry, Supplier, EventLoopGroup)}, and keeps
     * {@code entropy-fleet-AGENT.prom} in {@code metrics.textfile-dir} when that is set.
     *
     * @throws IOException also if the textfile directory cannot be written
     */
    public static MetricsServer start(MetricsConfig config, MetricRegistry registry, Supplier<Health> health,
                                      EventLoopGroup group, String agent) throws IOException, InterruptedException {
        MetricsServer server = start(config, registry, health, group);
        if (config.textfileDir() != null) {
            try {
                server.textfile = MetricsTextfile.start(new PrometheusExposition(registry), config.textfileDir(), agent,
                        config.textfileInterval());
            } catch (IOException e) {
                server.close();
                throw new IOException("cannot write metrics.textfile-dir " + config.textfileDir() + ": " + e, e);
            }
        }
        return server;
    }

    /** The node_exporter textfile, or null when {@code metrics.textfile-dir} is not set. */
    public java.nio.file.Path textfile() {
        MetricsTextfile t = textfile;
        return t == null ? null : t.file();
    }

    /**
     * Listens on {@code config.listen()} (TCP or unix socket), which must be set (see
     * {@link MetricsConfig#withListenOr}).
     *
     * @param health answers {@code /healthz}; called on the event loop for every request, must be cheap
     * @throws ListenException if the endpoint cannot be bound (in use, no permission), naming {@link #KEY}
     */
    public static MetricsServer start(MetricsConfig config, MetricRegistry registry, Supplier<Health> health,
                                      EventLoopGroup group) throws IOException, InterruptedException {
        Endpoint endpoint = Objects.requireNonNull(config.listen(), "config.listen");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(health, "health");
        MetricsHttpHandler handler = new MetricsHttpHandler(registry, health);
        ConnectionBudget budget = new ConnectionBudget(config.maxConnections());
        ConnectionEvents events = new ConnectionEvents(registry);
        registry.remove(OPEN_GAUGE);
        registry.register(OPEN_GAUGE, (Gauge<Integer>) budget::open);
        long deadlineNanos = config.requestDeadline().toNanos();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel(endpoint))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(new HttpServerCodec(MAX_HEADER_BYTES, MAX_HEADER_BYTES, MAX_BODY_BYTES));
                        p.addLast(new ConnectionGuard(budget, events, deadlineNanos));
                        p.addLast(new HttpObjectAggregator(MAX_BODY_BYTES));
                        p.addLast(handler);
                    }
                });
        ChannelFuture bound = b.bind(Transport.address(endpoint)).await();
        if (!bound.isSuccess()) {
            throw new ListenException(KEY, endpoint, bound.cause());
        }
        MetricsServer server = new MetricsServer(bound.channel(), endpoint);
        LOG.info("event=metrics-listening endpoint={} port={} max-connections={} request-deadline={}", endpoint,
                server.port(), config.maxConnections(), Durations.format(config.requestDeadline()));
        return server;
    }

    /** The bound TCP port (useful with port 0), or 0 for a unix socket. */
    public int port() {
        return channel.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
    }

    /** The endpoint as configured. */
    public Endpoint endpoint() {
        return endpoint;
    }

    /** Stops listening; open connections end with the event loop group. */
    @Override
    public void close() {
        MetricsTextfile t = textfile;
        if (t != null) {
            t.close();
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
