package org.entropyfleet.client.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.entropyfleet.link.egd.EgdClientCodec;

/**
 * Opens the TLS + EGD connection for a {@link HostSession}: TLS, the client codec, then the session.
 * Name lookups block, so they run on a thread of their own, never on the event loop; a failure to
 * resolve or connect ends the session.
 */
final class HostDialer implements AutoCloseable {
    private final TlsInstaller tls;
    private final EventLoop loop;
    private final Class<? extends Channel> channelClass;
    /** One thread for DNS lookups; its queue holds at most one lookup per host in practice. */
    private final ExecutorService resolver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "upstream-dns");
        t.setDaemon(true);
        return t;
    });

    HostDialer(TlsInstaller tls, EventLoop loop, Class<? extends Channel> channelClass) {
        this.tls = tls;
        this.loop = loop;
        this.channelClass = channelClass;
    }

    /** Starts connecting {@code session} to its host; {@code timeoutMillis} bounds the TCP connect. */
    void dial(HostSession session, int timeoutMillis, int maxInFlight) {
        UpstreamHost host = session.host;
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        tls.addTo(ch.pipeline(), host.verifiedName(), host.port());
                        ch.pipeline().addLast(new EgdClientCodec(maxInFlight + 1));
                        ch.pipeline().addLast(session);
                    }
                });
        String h = host.host();
        if (NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h)) {
            connect(session, b, new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(h), host.port()));
            return;
        }
        resolver.execute(() -> {
            InetAddress address;
            try {
                address = InetAddress.getByName(h);
            } catch (UnknownHostException | SecurityException e) {
                loop.execute(() -> session.connectFailed("cannot resolve " + h));
                return;
            }
            loop.execute(() -> {
                if (!session.isOver()) {
                    connect(session, b, new InetSocketAddress(address, host.port()));
                }
            });
        });
    }

    private static void connect(HostSession session, Bootstrap b, InetSocketAddress address) {
        var f = b.connect(address);
        session.attach(f.channel());
        f.addListener(done -> {
            if (!done.isSuccess()) {
                session.connectFailed(HostSession.rootMessage(done.cause()));
            }
        });
    }

    @Override
    public void close() {
        resolver.shutdownNow();
    }
}
