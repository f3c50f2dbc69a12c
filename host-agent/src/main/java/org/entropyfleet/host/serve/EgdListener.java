package org.entropyfleet.host.serve;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.entropyfleet.host.admission.TlsAdmission;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.EgdBackend;
import org.entropyfleet.link.egd.EgdPipelines;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.local.UnixSocketFile;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.transport.BoundServer;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mTLS listening socket serving EGD (the plaintext local one is egd-link's {@code LocalEgdServer}).
 * Keeps its connections in a group so shutdown can close them.
 */
public final class EgdListener implements AutoCloseable {
    /** Kernel accept backlog. */
    static final int BACKLOG = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(EgdListener.class);

    private final BoundServer bound;

    private EgdListener(BoundServer bound) {
        this.bound = bound;
    }

    /** The mTLS listener; {@code admission} decides which connections it keeps. */
    public static EgdListener startTls(Endpoint endpoint, EventLoopGroup boss, EventLoopGroup workers,
                                       ServerTlsContext tls, EgdBackend backend, EgdServerOptions options,
                                       TlsAdmission admission) throws InterruptedException {
        return start(endpoint, boss, workers, tls, backend, options, admission);
    }

    private static EgdListener start(Endpoint endpoint, EventLoopGroup boss, EventLoopGroup workers,
                                     ServerTlsContext tls, EgdBackend backend, EgdServerOptions options,
                                     TlsAdmission admission) throws InterruptedException {
        if (endpoint.isUnix()) {
            UnixSocketFile.removeStale(endpoint.unixPath());
        }
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.serverChannel(endpoint))
                .option(ChannelOption.SO_BACKLOG, BACKLOG)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        admission.addTo(ch.pipeline(), tls);
                        EgdPipelines.addServerCodec(ch.pipeline(), backend, options);
                    }
                });
        if (!endpoint.isUnix()) {
            b.option(ChannelOption.SO_REUSEADDR, true);
        }
        Channel ch = b.bind(Transport.address(endpoint)).sync().channel();
        LOG.info("event=listening endpoint={} tls={} bound={}", endpoint, tls != null, ch.localAddress());
        return new EgdListener(new BoundServer(endpoint, ch, connections));
    }

    /** The bound TCP port (useful with port 0), or -1 for a unix socket. */
    public int port() {
        return bound.port();
    }

    public Endpoint endpoint() {
        return bound.endpoint();
    }

    public int openConnections() {
        return bound.openConnections();
    }

    /** Stop accepting; existing connections carry on. */
    public void stopAccepting() {
        bound.stopAccepting();
    }

    @Override
    public void close() {
        bound.close();
    }
}
