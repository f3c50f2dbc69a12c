package org.entropyfleet.link.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for a JVM: sends a state such as {@code READY=1} as one datagram to the Unix socket
 * systemd names in {@code $NOTIFY_SOCKET}. With {@code Type=notify}, systemd counts the service as
 * started only then, so a unit ordered {@code After=} it (the client's boot-time seed on an RNG host)
 * finds it serving rather than merely forked.
 *
 * <p>The JDK has no Unix datagram sockets, so this uses Netty's epoll transport (already loaded by
 * the agents); a socket name starting with {@code @} is Linux's abstract namespace. Outside a notify
 * unit (no variable) every call is a no-op; a failed send is logged, not thrown: the unit's start
 * timeout is what reports a service that never became ready.
 */
public final class SystemdNotify {
    /** The environment variable systemd sets for {@code Type=notify} services. */
    public static final String SOCKET_ENV = "NOTIFY_SOCKET";
    /** A send to a local socket is immediate; this only bounds a wedged one. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);

    private SystemdNotify() {
    }

    /** Tells systemd the service is ready (serving); no-op outside a notify unit. */
    public static boolean ready() {
        return send(System.getenv(SOCKET_ENV), "READY=1");
    }

    /** Tells systemd the service is shutting down; no-op outside a notify unit. */
    public static boolean stopping() {
        return send(System.getenv(SOCKET_ENV), "STOPPING=1");
    }

    /**
     * Sends {@code state} to {@code socket} (a path, or {@code @name} for the abstract namespace).
     * Returns true when sent, false when there is no socket or the send failed.
     */
    static boolean send(String socket, String state) {
        if (socket == null || socket.isEmpty()) {
            return false;
        }
        if (!Transport.isEpoll()) {
            LOG.warn("event=sd-notify-failed state={} reason=\"epoll transport unavailable\"", state);
            return false;
        }
        String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
        EventLoopGroup group = Transport.newGroup(1, "sd-notify");
        try {
            ChannelFuture connected = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .connect(new DomainSocketAddress(path));
            ChannelFuture sent = connected.awaitUninterruptibly(SEND_TIMEOUT.toMillis()) && connected.isSuccess()
                    ? connected.channel().writeAndFlush(Unpooled.copiedBuffer(state, StandardCharsets.UTF_8))
                    : connected;
            boolean done = sent.awaitUninterruptibly(SEND_TIMEOUT.toMillis());
            connected.channel().close();
            if (!done || !sent.isSuccess()) {
                LOG.warn("event=sd-notify-failed state={} socket={} error=\"{}\"", state, socket,
                        done ? String.valueOf(sent.cause()) : "timed out after " + SEND_TIMEOUT.toSeconds() + "s");
                return false;
            }
            LOG.info("event=sd-notify state={}", state);
            return true;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
