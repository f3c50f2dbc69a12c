package org.entropyfleet.link.local;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.EgdBackend;
import org.entropyfleet.link.egd.EgdPipelines;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.tls.PeerIdentity;
import org.entropyfleet.link.transport.BoundServer;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plaintext EGD endpoint on loopback or a unix socket, for QEMU {@code rng-egd} and legacy EGD clients
 * on this machine: both agents' {@code local-egd:}. Its connections have their own
 * {@link LocalConnectionLimit} (never the TLS listener's), on TCP also per local user, and a unix socket
 * gets the configured group and mode (see {@link LocalAccess}). Reloaded limits ({@link #updateLimits})
 * apply to connections accepted afterwards; connected clients keep theirs.
 */
public final class LocalEgdServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEgdServer.class);
    /** Kernel accept backlog. */
    static final int BACKLOG = 1024;

    /** The agent's names for the endpoint's metrics (they predate this shared class and differ). */
    public record MetricNames(String clientsGauge, String refusedCounter) {
    }

    private final BoundServer bound;
    private final LocalConnectionLimit limit;
    private final AtomicReference<EgdServerOptions> options;

    private LocalEgdServer(BoundServer bound, LocalConnectionLimit limit, AtomicReference<EgdServerOptions> options) {
        this.bound = bound;
        this.limit = limit;
        this.options = options;
    }

    /** Binds {@code endpoint} (validated as loopback or unix by {@link LocalEgdListen}) and serves from {@code backend}. */
    public static LocalEgdServer start(Endpoint endpoint, EventLoopGroup group, EgdBackend backend, EgdServerOptions options,
            LocalAccess access, MetricNames names, MetricRegistry metrics) throws InterruptedException {
        Path socketFile = endpoint.isUnix() ? endpoint.unixPath() : null;
        if (socketFile != null) {
            UnixSocketFile.removeStale(socketFile);
        }
        ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        String description = "local-egd " + endpoint;
        LocalConnectionLimit limit = new LocalConnectionLimit(access, socketFile == null ? TcpSocketOwners.system() : null,
                description, names.clientsGauge(), names.refusedCounter(), metrics);
        PeerIdentity local = PeerIdentity.local(description);
        AtomicReference<EgdServerOptions> current = new AtomicReference<>(options);
        ServerBootstrap b = new ServerBootstrap().group(group).channel(Transport.serverChannel(endpoint))
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        ch.attr(PeerIdentity.ATTR).set(local);
                        ch.pipeline().addLast("limit", limit);
                        EgdPipelines.addServerCodec(ch.pipeline(), backend, current.get());
                    }
                });
        if (socketFile == null) {
            b.option(ChannelOption.SO_REUSEADDR, true);
        }
        Channel server;
        try {
            server = b.bind(Transport.address(endpoint)).sync().channel();
            if (socketFile != null) {
                UnixSocketFile.restrict(socketFile, access);
            }
        } catch (InterruptedException | RuntimeException e) {
            limit.close();
            throw e;
        }
        LOG.info("event=local-egd-listening endpoint={} max-clients={} max-clients-per-user={} socket-group={} socket-mode={}",
                server.localAddress(), access.maxClients(), socketFile == null ? access.maxClientsPerUser() : "n/a",
                socketFile == null ? "n/a" : access.socketGroup() == null ? "(agent's)" : access.socketGroup(),
                socketFile == null ? "n/a" : access.socketModeText());
        return new LocalEgdServer(new BoundServer(endpoint, server, children), limit, current);
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
        return bound.localAddress();
    }

    /** The bound TCP port (useful with port 0), or -1 for a unix socket. */
    public int port() {
        return bound.port();
    }

    public int clients() {
        return limit.clients();
    }

    /** Stops accepting; connected clients carry on until {@link #close}. */
    public void stopAccepting() {
        bound.stopAccepting();
    }

    @Override
    public void close() {
        bound.close();
        limit.close();
        LOG.info("event=local-egd-closed endpoint=\"{}\"", bound.endpoint());
    }
}
