package org.entropyfleet.link.transport;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.entropyfleet.link.config.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks Netty's transport once for the whole process: native epoll where it loads (fewer copies,
 * Unix domain sockets), NIO otherwise, with one warning saying why. Every group and channel class
 * must come from here, because an epoll channel cannot be registered on an NIO event loop.
 *
 * <p>Unix domain sockets ({@code unix:/run/...} endpoints) need epoll; asking for one without it
 * fails with a message naming the endpoint instead of a Netty class-cast error later.
 */
public final class Transport {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final boolean EPOLL = detect();

    private Transport() {
    }

    private static boolean detect() {
        if (Epoll.isAvailable()) {
            return true;
        }
        LOG.warn("event=transport-nio reason=\"epoll unavailable: {}\" note=\"unix: endpoints will not work\"",
                Epoll.unavailabilityCause());
        return false;
    }

    /** True when the native epoll transport is in use. */
    public static boolean isEpoll() {
        return EPOLL;
    }

    /**
     * An event loop group of {@code threads} daemon threads named {@code name-N}. Daemon, so a
     * missed shutdown never keeps the JVM alive; agents still shut groups down gracefully.
     */
    public static EventLoopGroup newGroup(int threads, String name) {
        return newGroup(threads, name, 0);
    }

    /**
     * Like {@link #newGroup(int, String)}, but each loop polls for up to {@code spinNanos} after handling
     * I/O before it blocks (see {@link SpinThenBlock}); 0 blocks at once. Only with epoll.
     */
    public static EventLoopGroup newGroup(int threads, String name, long spinNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, was " + threads);
        }
        if (spinNanos < 0) {
            throw new IllegalArgumentException("spin must be ≥ 0, was " + spinNanos + " ns");
        }
        IoHandlerFactory io = !EPOLL ? NioIoHandler.newFactory()
                : spinNanos == 0 ? EpollIoHandler.newFactory()
                : EpollIoHandler.newFactory(0, SpinThenBlock.factory(spinNanos));
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), io);
    }

    /** The server channel class for listening on {@code endpoint}. */
    public static Class<? extends ServerChannel> serverChannel(Endpoint endpoint) {
        if (endpoint.isUnix()) {
            requireEpoll(endpoint);
            return EpollServerDomainSocketChannel.class;
        }
        return EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The channel class for connecting to {@code endpoint}. */
    public static Class<? extends Channel> clientChannel(Endpoint endpoint) {
        if (endpoint.isUnix()) {
            requireEpoll(endpoint);
            return EpollDomainSocketChannel.class;
        }
        return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * The socket address for binding or connecting. A host name is resolved here (once, at
     * start-up, on the caller's thread), never on an event loop.
     */
    public static SocketAddress address(Endpoint endpoint) {
        if (endpoint.isUnix()) {
            return new DomainSocketAddress(endpoint.unixPath().toFile());
        }
        return new InetSocketAddress(endpoint.host(), endpoint.port());
    }

    private static void requireEpoll(Endpoint endpoint) {
        if (!EPOLL) {
            throw new IllegalStateException("cannot use " + endpoint + ": Unix sockets need the epoll transport, "
                    + "which is unavailable: " + Epoll.unavailabilityCause());
        }
    }
}
