package org.entropyfleet.client.local;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.entropyfleet.link.egd.EgdPipelines;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.local.LocalAccess;
import org.entropyfleet.link.local.LocalConnectionLimit;
import org.entropyfleet.link.local.TcpSocketOwners;
import org.entropyfleet.link.local.UnixSocketFile;
import org.entropyfleet.link.tls.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional plaintext EGD endpoint on loopback or a unix socket, for QEMU {@code rng-egd} and
 * legacy EGD clients on this machine. Served from a {@link LocalEntropyBuffer}. Idle connections are
 * kept (QEMU never reconnects); the number of clients is bounded, on TCP also per local user, and a
 * unix socket gets the configured group and mode (see {@link LocalAccess}). Reloaded limits
 * ({@link #updateLimits}) apply to connections accepted afterwards; connected clients keep theirs.
 */
public final class LocalEgdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEgdServer.class);
    public static final String CLIENTS_GAUGE = "local.clients";

    private final Channel server;
    private final LocalConnectionLimit limit;
    private final ChannelGroup children;
    private final String description;
    private final AtomicReference<EgdServerOptions> options;

    private LocalEgdServer(Channel server, LocalConnectionLimit limit, ChannelGroup children, String description,
            AtomicReference<EgdServerOptions> options) {
        this.server = server;
        this.limit = limit;
        this.children = children;
        this.description = description;
        this.options = options;
    }

    /**
     * Binds {@code address} (already validated as loopback or unix) and serves from {@code backend}.
     *
     * @param access connection caps; for a unix socket also its file's group and mode
     */
    public static LocalEgdServer start(SocketAddress address, Class<? extends ServerChannel> channelClass,
            EventLoopGroup group, LocalEntropyBuffer backend, EgdServerOptions options, LocalAccess access,
            MetricRegistry metrics) throws InterruptedException {
        Path socketFile = address instanceof DomainSocketAddress d ? Path.of(d.path()) : null;
        if (socketFile != null) {
            UnixSocketFile.removeStale(socketFile);
        }
        ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        String description = "local-egd " + address;
        LocalConnectionLimit limit = new LocalConnectionLimit(access, socketFile == null ? TcpSocketOwners.system() : null,
                description, CLIENTS_GAUGE, "local.refused-connections", metrics);
        PeerIdentity local = PeerIdentity.local(description);
        AtomicReference<EgdServerOptions> current = new AtomicReference<>(options);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(channelClass)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        ch.attr(PeerIdentity.ATTR).set(local);
                        ch.pipeline().addLast("limit", limit);
                        EgdPipelines.addServerCodec(ch.pipeline(), backend, current.get());
                    }
                });
        Channel server;
        try {
            server = b.bind(address).sync().channel();
            if (socketFile != null) {
                UnixSocketFile.restrict(socketFile, access);
            }
        } catch (InterruptedException | RuntimeException e) {
            limit.close();
            throw e;
        }
        LOG.info("event=local-egd-listening address={} max-clients={} max-clients-per-user={}{}", server.localAddress(),
                access.maxClients(), socketFile == null ? access.maxClientsPerUser() : "n/a",
                socketFile == null ? "" : " socket-group=" + (access.socketGroup() == null ? "(agent's)" : access.socketGroup())
                        + " socket-mode=" + access.socketModeText());
        return new LocalEgdServer(server, limit, children, description, current);
    }

    /**
     * Timeouts and client caps for connections accepted from now on (SIGHUP); connected clients keep
     * theirs. The socket's group and mode are set at bind and need a restart.
     */
    public void updateLimits(EgdServerOptions next, LocalAccess access) {
        options.set(next);
        limit.update(access);
    }

    public SocketAddress localAddress() {
        return server.localAddress();
    }

    public int clients() {
        return limit.clients();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        children.close().awaitUninterruptibly();
        limit.close();
        LOG.info("event=local-egd-closed endpoint=\"{}\"", description);
    }
}
