package org.entropyfleet.link.metrics;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' HTTP endpoint for Prometheus and health checks: {@code GET /metrics} (text format
 * 0.0.4), {@code /metrics.json} and {@code /healthz} (200 "ok" / 503). Runs on the caller's
 * event loop group — a scrape every few seconds does not deserve threads of its own.
 *
 * <p>Bounded like everything else: at most {@link #MAX_CONNECTIONS} connections, request heads
 * up to {@link #MAX_HEADER_BYTES}, no request bodies, and connections idle for
 * {@link #READ_TIMEOUT_SECONDS} are closed.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

    /** Concurrent HTTP connections accepted. */
    public static final int MAX_CONNECTIONS = 32;
    /** Longest request line and longest header block. */
    public static final int MAX_HEADER_BYTES = 8192;
    /** Largest request body buffered (GETs have none). */
    public static final int MAX_BODY_BYTES = 1024;
    /** A connection that sends nothing for this long is closed. */
    public static final int READ_TIMEOUT_SECONDS = 30;

    private final Channel channel;
    private final Endpoint endpoint;

    private MetricsServer(Channel channel, Endpoint endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    /**
     * Listens on {@code endpoint} (TCP or unix socket).
     *
     * @param healthy answers {@code /healthz}; called on the event loop, must be cheap
     * @throws IOException if the endpoint cannot be bound (in use, no permission)
     */
    public static MetricsServer start(Endpoint endpoint, MetricRegistry registry, BooleanSupplier healthy,
                                      EventLoopGroup group) throws IOException, InterruptedException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(healthy, "healthy");
        MetricsHttpHandler handler = new MetricsHttpHandler(registry, healthy);
        ConnectionLimit limit = new ConnectionLimit(MAX_CONNECTIONS);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel(endpoint))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        p.addLast(limit);
                        p.addLast(new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                        p.addLast(new HttpServerCodec(MAX_HEADER_BYTES, MAX_HEADER_BYTES, MAX_BODY_BYTES));
                        p.addLast(new HttpObjectAggregator(MAX_BODY_BYTES));
                        p.addLast(handler);
                    }
                });
        ChannelFuture bound = b.bind(Transport.address(endpoint)).await();
        if (!bound.isSuccess()) {
            throw new IOException("cannot serve metrics on " + endpoint + ": " + bound.cause().getMessage(), bound.cause());
        }
        MetricsServer server = new MetricsServer(bound.channel(), endpoint);
        LOG.info("event=metrics-listening endpoint={} port={}", endpoint, server.port());
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
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
