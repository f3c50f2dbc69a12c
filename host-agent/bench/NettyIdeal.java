import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * The cheapest mTLS EGD server on the agent's own stack: Netty epoll and netty-tcnative (BoringSSL),
 * TLS 1.3 with a client certificate from the CA required, one handler right after the SslHandler that
 * answers 0x02 (and 0x01, 0x00) from a fixed block and writes each read's replies with one flush. No
 * decoder, message objects, pool, health tests, conditioning, limits or timeouts: what the JVM, Netty and
 * the JNI hops into BoringSSL cost at the least, against bench/egdideal.c (the same server in C) and
 * the agent. A benchmark stand-in (bench/ideal.sh, BENCH_IDEAL_KIND=netty); never a server to deploy.
 *
 *   java @host-agent/target/host-agent.jvm.options -cp host-agent/target/host-agent.jar \
 *       host-agent/bench/NettyIdeal.java PORT CERT KEY CA [LOOPS]
 */
public final class NettyIdeal {
    private static final byte[] BLOCK = new byte[256];

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: NettyIdeal PORT CERT KEY CA [LOOPS]");
            System.exit(2);
        }
        new SecureRandom().nextBytes(BLOCK);
        SslContext ssl = SslContextBuilder.forServer(new File(args[1]), new File(args[2]))
                .trustManager(new File(args[3]))
                .clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3")
                .sslProvider(SslProvider.OPENSSL)
                .build();
        int loops = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
        new ServerBootstrap()
                .group(boss, workers)
                .channel(EpollServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<EpollSocketChannel>() {
                    @Override
                    protected void initChannel(EpollSocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new Answer());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]))).sync();
        System.out.println("listening");
        Thread.currentThread().join();
    }

    /** Answers whole commands; a command split across reads waits in {@code partial}. */
    static final class Answer extends ChannelInboundHandlerAdapter {
        private int partial = -1;
        private ByteBuf out;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (out == null) {
                    out = ctx.alloc().buffer(4096);
                }
                while (in.isReadable()) {
                    int cmd = partial >= 0 ? partial : in.readUnsignedByte();
                    partial = -1;
                    if (cmd == 0x00) {
                        out.writeInt(0x1000 << 8);
                    } else if (cmd == 0x01 || cmd == 0x02) {
                        if (!in.isReadable()) {
                            partial = cmd;
                            break;
                        }
                        int n = in.readUnsignedByte();
                        if (cmd == 0x01) {
                            out.writeByte(n);
                        }
                        out.writeBytes(BLOCK, 0, n);
                    } else {
                        ctx.close();
                        return;
                    }
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (out != null && out.isReadable()) {
                ctx.writeAndFlush(out);
                out = null;
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (out != null) {
                out.release();
                out = null;
            }
        }
    }
}
