package org.entropyfleet.certs;

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
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.PeerAuthenticatedEvent;
import org.entropyfleet.link.tls.PeerIdentity;
import org.entropyfleet.link.tls.ServerTlsContext;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real loopback server behind egd-link's {@link ServerTlsContext} that greets each authenticated
 * client with "hello CN\n", and clients behind {@link ClientTlsContext} that record the greeting, the
 * server identity they verified, and whether the connection was closed on them.
 */
final class TlsLoopback implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private Channel server;

    int startServer(ServerTlsContext tls) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        tls.addTo(ch.pipeline());
                        ch.pipeline().addLast(new Greeter());
                    }
                })
                .bind(LOOPBACK, 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** Connects and waits until the server greeted us (accepted) or closed the connection (refused). */
    Client attempt(ClientTlsContext tls, String host, int port) {
        Client c = new Client();
        try {
            c.channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            tls.addTo(ch.pipeline(), host, port);
                            ch.pipeline().addLast(c.recorder);
                        }
                    }).connect(LOOPBACK, port).sync().channel();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        Await.until(() -> c.received.toString().endsWith("\n") || c.isClosed(), () -> "accepted or refused");
        return c;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.close().sync();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static final class Client {
        Channel channel;
        final CompletableFuture<PeerIdentity> server = new CompletableFuture<>();
        final StringBuffer received = new StringBuffer();
        final ChannelInboundHandlerAdapter recorder = new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt instanceof PeerAuthenticatedEvent e) {
                    server.complete(e.peer());
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
                ctx.close();
            }
        };

        boolean isClosed() {
            return !channel.isActive();
        }

        /** The server authenticated us and the connection is still up. */
        boolean accepted() {
            return received.toString().startsWith("hello ") && !isClosed();
        }

        String greeting() {
            return received.toString().trim();
        }
    }

    /** Greets "hello NAME" once the server side authenticated the client. */
    static final class Greeter extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof PeerAuthenticatedEvent e) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("hello " + e.peer().name() + "\n", StandardCharsets.UTF_8));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
