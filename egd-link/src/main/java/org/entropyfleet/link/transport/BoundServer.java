package org.entropyfleet.link.transport;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.local.UnixSocketFile;

/**
 * A bound listening socket and the connections it accepted, as both agents' listeners keep them: stop
 * accepting first (a unix socket's file goes with it), close the connections last.
 */
public final class BoundServer implements AutoCloseable {
    private final Endpoint endpoint;
    private final Channel server;
    private final ChannelGroup connections;

    /** {@code connections} must be the group the server's child initializer adds each connection to. */
    public BoundServer(Endpoint endpoint, Channel server, ChannelGroup connections) {
        this.endpoint = endpoint;
        this.server = server;
        this.connections = connections;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public SocketAddress localAddress() {
        return server.localAddress();
    }

    /** The bound TCP port (useful with port 0), or -1 for a unix socket. */
    public int port() {
        return server.localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
    }

    public int openConnections() {
        return connections.size();
    }

    /** Stops accepting; connections carry on until {@link #close}. */
    public void stopAccepting() {
        server.close().syncUninterruptibly();
        if (endpoint.isUnix()) {
            try {
                UnixSocketFile.removeStale(endpoint.unixPath());
            } catch (IllegalStateException ignored) {
                // best effort: the next start removes it anyway
            }
        }
    }

    @Override
    public void close() {
        if (server.isOpen()) {
            stopAccepting();
        }
        connections.close().awaitUninterruptibly();
    }
}
