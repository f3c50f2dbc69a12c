package org.entropyfleet.link.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.link.config.TlsConfig;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import io.netty.channel.ChannelPipeline;
import org.entropyfleet.link.testsupport.Poll;

/**
 * Real loopback servers and clients for the TLS tests: an echo server behind {@link ServerTlsContext}
 * (echoes only after {@link PeerAuthenticatedEvent}, and greets the client with its name), and
 * clients that record what they authenticated and received. Public, with the test-jar, so other modules'
 * tests (certs) run the same loopback handshakes. Closing it closes every server and server context it
 * started, then the event loops.
 */
public final class LoopbackTls implements AutoCloseable {

    public static final String LOOPBACK = "127.0.0.1";

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    /** Servers and server contexts this fixture started, closed in reverse order by {@link #close()}. */
    private final List<AutoCloseable> started = new ArrayList<>();

    /** A running echo server: its TLS context (for reloads, allowlists, connection counts) and port. */
    public record EchoServer(ServerTlsContext tls, Channel channel) {
        public int port() {
            return LoopbackTls.port(channel);
        }
    }

    /** Opens a server context with the preferred provider and serves the echo application behind it. */
    public EchoServer startEchoServer(TlsConfig cfg, MetricRegistry metrics) throws TlsConfigException, InterruptedException {
        return startEchoServer(cfg, metrics, SslProviders.preferred());
    }

    /** Opens a server context for {@code cfg} and serves the echo application behind it on a free port. */
    public EchoServer startEchoServer(TlsConfig cfg, MetricRegistry metrics, SslProvider provider)
            throws TlsConfigException, InterruptedException {
        ServerTlsContext tls = ServerTlsContext.open(cfg, metrics, provider);
        started.add(tls);
        return new EchoServer(tls, echoServer(tls));
    }

    /** Starts an echo server on 127.0.0.1 with a free port behind a context the caller owns. */
    public Channel echoServer(ServerTlsContext tls) throws InterruptedException {
        return server(p -> {
            tls.addTo(p);
            p.addLast(new EchoAfterAuth());
        });
    }

    Channel server(Consumer<ChannelPipeline> init) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        init.accept(ch.pipeline());
                    }
                })
                .bind(LOOPBACK, 0).sync().channel();
        started.add(() -> server.close().sync());
        return server;
    }

    public static int port(Channel server) {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects with our client context, presenting {@code host} as the name dialled. */
    public Client connect(ClientTlsContext tls, String host, int port) throws InterruptedException {
        Client c = new Client();
        c.channel = bootstrap(p -> {
            tls.addTo(p, host, port);
            c.watchHandshake(p.get(SslHandler.class));
            p.addLast(c.recorder);
        }).connect(LOOPBACK, port).sync().channel();
        return c;
    }

    /** Connects and waits until the server greeted us (accepted) or closed the connection (refused). */
    public Client attempt(ClientTlsContext tls, String host, int port) {
        Client c;
        try {
            c = connect(tls, host, port);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Poll.until(Poll.DEFAULT, () -> "accepted or refused", () -> c.received.toString().endsWith("\n") || c.isClosed());
        return c;
    }

    /** Connects with a plain Netty client context (e.g. one without a client certificate). */
    public Client connect(SslContext raw, int port) throws InterruptedException {
        Client c = new Client();
        c.channel = bootstrap(p -> {
            SslHandler h = raw.newHandler(p.channel().alloc(), LOOPBACK, port);
            p.addLast(h);
            c.watchHandshake(h);
            p.addLast(c.recorder);
        }).connect(LOOPBACK, port).sync().channel();
        return c;
    }

    private Bootstrap bootstrap(Consumer<ChannelPipeline> init) {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        init.accept(ch.pipeline());
                    }
                });
    }

    @Override
    public void close() throws Exception {
        try {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Client end: what it authenticated, what it received, whether it is closed. */
    public static final class Client {
        public Channel channel;
        public final CompletableFuture<PeerIdentity> authenticated = new CompletableFuture<>();
        public final StringBuffer received = new StringBuffer();
        /** Our side of the TLS handshake completed (TLS 1.3: before the server has checked our certificate). */
        public volatile boolean handshakeDone;
        /** The first failure seen: a failed handshake, or an error read afterwards (a server's late alert). */
        public final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        final ChannelInboundHandlerAdapter recorder = new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof PeerAuthenticatedEvent e) {
                    authenticated.complete(e.peer());
                }
                ctx.fireUserEventTriggered(evt);
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                try {
                    received.append(b.toString(StandardCharsets.UTF_8));
                } finally {
                    b.release();
                }
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                failure.complete(cause);
                ctx.close();
            }
        };

        /**
         * Via the handshake future: our peer-verification handler does not pass a failed handshake on.
         * Taken when the pipeline is built: by the time connect() returns, a refused connection may
         * already be closed and its handlers gone.
         */
        void watchHandshake(SslHandler ssl) {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    handshakeDone = true;
                } else {
                    failure.complete(f.cause());
                }
            });
        }

        public void send(String text) {
            channel.writeAndFlush(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        }

        public boolean isClosed() {
            return !channel.isActive();
        }

        /** The server authenticated us (greeted) and the connection is still up. */
        public boolean accepted() {
            return received.toString().startsWith("hello ") && !isClosed();
        }

        /** The server's greeting, "hello NAME", without the newline. */
        public String greeting() {
            return received.toString().trim();
        }

        /** Sends {@code text} and waits for the echo; returns what arrived. */
        public String roundTrip(String text) {
            int before = received.length();
            send(text);
            Poll.until(Poll.DEFAULT, () -> "echo of '" + text + "', got '" + received + "'", () -> received.length() >= before + text.length() || isClosed());
            return received.substring(before);
        }
    }

    /** Server application: greets "hello NAME\n" once authenticated, then echoes. */
    public static final class EchoAfterAuth extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof PeerAuthenticatedEvent e) {
                PeerIdentity attr = ctx.channel().attr(PeerIdentity.ATTR).get();
                ctx.writeAndFlush(Unpooled.copiedBuffer("hello " + attr.name() + "\n", StandardCharsets.UTF_8));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
