package org.entropyfleet.link.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real sockets through the limit; the socket table is a file the test writes, so each client can be
 * given the uid it needs (the real table is checked in {@link TcpSocketOwnersTest} and the ITs).
 */
class LocalConnectionLimitTest {
    @TempDir
    Path proc;
    private final MetricRegistry metrics = new MetricRegistry();
    private final List<Socket> sockets = new ArrayList<>();
    private EventLoopGroup group;
    private LocalConnectionLimit limit;
    private Channel server;
    private int port;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(proc.resolve("tcp"), "  sl  local_address rem_address   st ... uid  timeout inode\n");
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        limit = new LocalConnectionLimit(new LocalAccess(5, 2, null, 0660), new TcpSocketOwners(proc), "test",
                "local.clients", "local.refused-connections", metrics);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(limit, new Echo());
                    }
                }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close().syncUninterruptibly();
        limit.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Echoes after a greeting sent on channelActive, so a test sees when a connection was admitted. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {'!'}));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }
    }

    /** Connects from a port the table already lists as {@code uid}'s (or unlisted for null). */
    private Socket connectAs(Integer uid) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        if (uid != null) {
            Files.writeString(proc.resolve("tcp"), String.format("   0: 0100007F:%04X 0100007F:%04X 01 00000000:00000000"
                    + " 00:00000000 00000000 %5d        0 1 1%n", s.getLocalPort(), port, uid), StandardOpenOption.APPEND);
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setSoTimeout(5_000);
        return s;
    }

    private static boolean admitted(Socket s) throws IOException {
        try {
            return s.getInputStream().read() == '!';
        } catch (SocketTimeoutException e) {
            throw new AssertionError("neither admitted nor closed within 5 s");
        }
    }

    private static void poll(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            LockSupport.parkNanos(2_000_000L);
        }
    }

    private long refused(String reason) {
        return metrics.counter("local.refused-connections." + reason).getCount();
    }

    @Test
    void oneUserGetsItsShareAndTheRestStaysOpenToOthers() throws Exception {
        Socket a1 = connectAs(1000);
        Socket a2 = connectAs(1000);
        assertTrue(admitted(a1) && admitted(a2));
        Socket a3 = connectAs(1000);
        assertEquals(-1, a3.getInputStream().read(), "third connection of uid 1000 closed at once");
        assertEquals(1, refused("per-user"));
        assertEquals(1, metrics.counter("local.refused-connections").getCount());
        Socket root = connectAs(0);
        assertTrue(admitted(root), "another user still gets in");
        assertEquals(2, limit.clientsOf(1000));
        // the idle ones were kept and are served
        a1.getOutputStream().write('x');
        assertEquals('x', a1.getInputStream().read());
        // a slot freed by uid 1000 is theirs again
        a2.close();
        poll("uid 1000's slot released", () -> limit.clientsOf(1000) == 1);
        assertTrue(admitted(connectAs(1000)));
        assertEquals(3, metrics.gauge("local.clients", null).getValue());
    }

    @Test
    void anOwnerNotInTheTableIsAUserOfItsOwnAndTheTotalCapHolds() throws Exception {
        assertTrue(admitted(connectAs(null)) && admitted(connectAs(null)));
        assertEquals(-1, connectAs(null).getInputStream().read());
        assertEquals(2, limit.clientsOf(UidLookups.UNKNOWN));
        assertTrue(admitted(connectAs(1)) && admitted(connectAs(2)) && admitted(connectAs(3)));
        assertEquals(-1, connectAs(4).getInputStream().read(), "sixth connection is over max-clients 5");
        assertEquals(1, refused("max-clients"));
        assertEquals(1, refused("per-user"));
        assertEquals(1, metrics.counter("log.events.local-refused.per-user").getCount(), "refusals go to the rate-limited log");
    }
}
