package org.entropyfleet.client.local;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.entropyfleet.link.egd.EgdPipelines;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.tls.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional plaintext EGD endpoint on loopback or a unix socket, for QEMU {@code rng-egd} and
 * legacy EGD clients on this machine. Served from a {@link LocalEntropyBuffer}. Idle connections are
 * kept (QEMU never reconnects); the number of clients is bounded. Reloaded limits
 * ({@link #updateLimits}) apply to connections accepted afterwards; connected clients keep theirs.
 */
public final class LocalEgdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEgdServer.class);
    public static final String CLIENTS_GAUGE = "local.clients";

    private final Channel server;
    private final AtomicInteger clients;
    private final ChannelGroup children;
    private final String description;
    private final AtomicReference<Limits> limits;

    /** What a reload may change without rebinding. */
    private record Limits(EgdServerOptions options, int maxClients) {
    }

    private LocalEgdServer(Channel server, AtomicInteger clients, ChannelGroup children, String description,
            AtomicReference<Limits> limits) {
        this.server = server;
        this.clients = clients;
        this.children = children;
        this.description = description;
        this.limits = limits;
    }

    /**
     * Binds {@code address} (already validated as loopback or unix) and serves from {@code backend}.
     *
     * @param maxClients connections beyond this are closed at once
     */
    public static LocalEgdServer start(SocketAddress address, Class<? extends ServerChannel> channelClass,
            EventLoopGroup group, LocalEntropyBuffer backend, EgdServerOptions options, int maxClients,
            MetricRegistry metrics) throws InterruptedException {
        AtomicInteger clients = new AtomicInteger();
        AtomicReference<Limits> limits = new AtomicReference<>(new Limits(options, maxClients));
        ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Counter refused = metrics.counter("local.refused-connections");
        String description = "local-egd " + address;
        PeerIdentity local = PeerIdentity.local(description);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channelClass)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Limits now = limits.get();
                        if (clients.incrementAndGet() > now.maxClients()) {
                            clients.decrementAndGet();
                            refused.inc();
                            LOG.warn("event=local-client-refused reason=\"more than {} local clients\"", now.maxClients());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> clients.decrementAndGet());
                        children.add(ch);
                        ch.attr(PeerIdentity.ATTR).set(local);
                        EgdPipelines.addServerCodec(ch.pipeline(), backend, now.options());
                    }
                });
        Channel server = b.bind(address).sync().channel();
        LocalEgdServer s = new LocalEgdServer(server, clients, children, description, limits);
        metrics.gauge(CLIENTS_GAUGE, () -> clients::get);
        LOG.info("event=local-egd-listening address={}", server.localAddress());
        return s;
    }

    /** Timeouts and the client bound for connections accepted from now on. */
    public void updateLimits(EgdServerOptions options, int maxClients) {
        limits.set(new Limits(options, maxClients));
    }

    public SocketAddress localAddress() {
        return server.localAddress();
    }

    public int clients() {
        return clients.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        children.close().awaitUninterruptibly();
        LOG.info("event=local-egd-closed endpoint=\"{}\"", description);
    }
}
