package org.entropyfleet.client.testsupport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.entropyfleet.link.egd.BitsAvailableRequest;
import org.entropyfleet.link.egd.BitsAvailableResponse;
import org.entropyfleet.link.egd.EgdRequest;
import org.entropyfleet.link.egd.EgdServerDecoder;
import org.entropyfleet.link.egd.EgdServerEncoder;
import org.entropyfleet.link.egd.GetPidRequest;
import org.entropyfleet.link.egd.PidResponse;
import org.entropyfleet.link.egd.ReadBlockingRequest;
import org.entropyfleet.link.egd.ReadBlockingResponse;
import org.entropyfleet.link.egd.ReadNonBlockingRequest;
import org.entropyfleet.link.egd.ReadNonBlockingResponse;
import org.entropyfleet.link.tls.TestPki;

/**
 * A minimal mutually-authenticated EGD server on 127.0.0.1 built from egd-link's codec, standing in
 * for a host-agent in connector tests: real sockets, real TLS, bytes from SecureRandom. Can be told
 * to stall (answer nothing) to look like a slow host.
 */
public final class TestEgdHost implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicLong bytesServed = new AtomicLong();
    private volatile boolean stalled;
    private boolean closed;
    private final Channel server;

    private TestEgdHost(SslContext ssl, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        children.add(ch);
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new EgdServerDecoder(), EgdServerEncoder.INSTANCE, new Answer());
                    }
                });
        server = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
    }

    /** Starts a host whose certificate names {@code name} and 127.0.0.1; port 0 = ephemeral. */
    public static TestEgdHost start(TestPki pki, String name, int port) throws Exception {
        Path[] crtKey = pki.issueHost(name, "127.0.0.1", "localhost");
        return start(pki, crtKey, port);
    }

    /** Starts a host with the given {crt, key}; port 0 = ephemeral. */
    public static TestEgdHost start(TestPki pki, Path[] crtKey, int port) throws Exception {
        SslContext ssl = SslContextBuilder.forServer(crtKey[0].toFile(), crtKey[1].toFile())
                .trustManager(pki.caBundle().toFile()).clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3").build();
        return new TestEgdHost(ssl, port);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public long bytesServed() {
        return bytesServed.get();
    }

    public int openConnections() {
        return children.size();
    }

    /** While stalled, read requests get no answer (a slow or wedged host). */
    public void stall(boolean on) {
        stalled = on;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.close().syncUninterruptibly();
        children.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Answer extends SimpleChannelInboundHandler<EgdRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, EgdRequest req) {
            if (req instanceof BitsAvailableRequest) {
                ctx.writeAndFlush(new BitsAvailableResponse(32768));
            } else if (req instanceof GetPidRequest) {
                ctx.writeAndFlush(new PidResponse("test"));
            } else if (stalled) {
                return;
            } else if (req instanceof ReadBlockingRequest r) {
                ctx.writeAndFlush(new ReadBlockingResponse(random(r.count())));
            } else if (req instanceof ReadNonBlockingRequest r) {
                ctx.writeAndFlush(new ReadNonBlockingResponse(random(r.count())));
            }
        }

        private byte[] random(int n) {
            byte[] b = new byte[n];
            RANDOM.nextBytes(b);
            bytesServed.addAndGet(n);
            return b;
        }
    }
}
