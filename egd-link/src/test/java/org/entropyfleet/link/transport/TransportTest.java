package org.entropyfleet.link.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.egd.BitsAvailableRequest;
import org.entropyfleet.link.egd.BitsAvailableResponse;
import org.entropyfleet.link.egd.EgdBackend;
import org.entropyfleet.link.egd.EgdPipelines;
import org.entropyfleet.link.egd.EgdReplies;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.egd.GetPidRequest;
import org.entropyfleet.link.egd.PidResponse;
import org.entropyfleet.link.egd.ReadBlockingRequest;
import org.entropyfleet.link.egd.ReadBlockingResponse;
import org.entropyfleet.link.tls.PeerIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportTest {

    /** Serves a fixed byte pattern; remembers who asked. */
    static final class PatternBackend implements EgdBackend {
        volatile PeerIdentity lastPeer;

        @Override
        public long availableBits(PeerIdentity peer) {
            lastPeer = peer;
            return 1024;
        }

        @Override
        public byte[] takeNow(PeerIdentity peer, int max) {
            return pattern(max);
        }

        @Override
        public CompletableFuture<byte[]> take(PeerIdentity peer, int count) {
            return CompletableFuture.completedFuture(pattern(count));
        }

        @Override
        public void contribute(PeerIdentity peer, int bits, byte[] data) {
        }

        @Override
        public String pid() {
            return "77";
        }

        static byte[] pattern(int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) (i + 1);
            }
            return b;
        }
    }

    @Test
    void usesEpollOnLinux() {
        assertTrue(Transport.isEpoll(), "the linux-x86_64 epoll library ships with egd-link");
        assertEquals(EpollSocketChannel.class, Transport.clientChannel(Endpoint.tcp("127.0.0.1", 1)));
        assertEquals(EpollServerDomainSocketChannel.class, Transport.serverChannel(Endpoint.unix(Path.of("/run/x.sock"))));
    }

    @Test
    void addresses() {
        InetSocketAddress tcp = assertInstanceOf(InetSocketAddress.class, Transport.address(Endpoint.tcp("127.0.0.1", 7776)));
        assertEquals(7776, tcp.getPort());
        assertTrue(tcp.getAddress().isLoopbackAddress());
        DomainSocketAddress unix = assertInstanceOf(DomainSocketAddress.class,
                Transport.address(Endpoint.parse("unix:/run/entropy-fleet/egd.sock")));
        assertEquals("/run/entropy-fleet/egd.sock", unix.path());
    }

    @Test
    void egdRoundTripOverAUnixSocket(@TempDir Path dir) throws Exception {
        Endpoint endpoint = Endpoint.unix(dir.resolve("egd.sock"));
        PatternBackend backend = new PatternBackend();
        EventLoopGroup group = Transport.newGroup(1, "transport-test");
        try {
            Channel server = new ServerBootstrap().group(group).channel(Transport.serverChannel(endpoint))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            EgdPipelines.addServerCodec(ch.pipeline(), backend, EgdServerOptions.DEFAULTS);
                        }
                    })
                    .bind(Transport.address(endpoint)).sync().channel();
            assertTrue(Files.exists(endpoint.unixPath()));

            // Our Netty client over the same transport.
            EgdReplies replies = new EgdReplies();
            Channel client = new Bootstrap().group(group).channel(Transport.clientChannel(endpoint))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            replies.addTo(ch.pipeline());
                        }
                    })
                    .connect(Transport.address(endpoint)).sync().channel();
            client.write(BitsAvailableRequest.INSTANCE);
            client.write(new ReadBlockingRequest(5));
            client.writeAndFlush(GetPidRequest.INSTANCE);
            assertEquals(new BitsAvailableResponse(1024), replies.poll(5, TimeUnit.SECONDS));
            assertEquals(new ReadBlockingResponse(PatternBackend.pattern(5)), replies.poll(5, TimeUnit.SECONDS));
            assertEquals(new PidResponse("77"), replies.poll(5, TimeUnit.SECONDS));
            assertNotNull(backend.lastPeer);
            assertTrue(backend.lastPeer.isLocal(), backend.lastPeer.toString());
            client.close().sync();

            // And a plain JDK Unix-socket client, independent of our codec.
            try (SocketChannel jdk = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                jdk.connect(UnixDomainSocketAddress.of(endpoint.unixPath()));
                jdk.write(ByteBuffer.wrap(new byte[] {0x01, 3}));
                ByteBuffer in = ByteBuffer.allocate(4);
                while (in.hasRemaining()) {
                    if (jdk.read(in) < 0) {
                        break;
                    }
                }
                assertArrayEquals(new byte[] {3, 1, 2, 3}, in.array());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void groupThreadsAreNamedAndDaemon() throws Exception {
        EventLoopGroup group = Transport.newGroup(1, "named-group");
        try {
            Thread t = group.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);
            assertTrue(t.getName().startsWith("named-group"), t.getName());
            assertTrue(t.isDaemon());
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void busyPollingGroupServesAndThenSleepsWhenIdle() throws Exception {
        EventLoopGroup group = Transport.newGroup(1, "spin-test", TimeUnit.MICROSECONDS.toNanos(50));
        try {
            PatternBackend backend = new PatternBackend();
            Channel server = new ServerBootstrap().group(group).channel(Transport.serverChannel(Endpoint.tcp("127.0.0.1", 0)))
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            EgdPipelines.addServerCodec(ch.pipeline(), backend, EgdServerOptions.DEFAULTS);
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            long loopThread = group.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            try (java.net.Socket jdk = new java.net.Socket()) {
                jdk.connect(server.localAddress(), 5000);
                jdk.setSoTimeout(5000);
                java.io.DataInputStream in = new java.io.DataInputStream(jdk.getInputStream());
                for (int i = 0; i < 200; i++) {   // back-to-back round trips: the loop polls between them
                    jdk.getOutputStream().write(new byte[] {0x02, 4});
                    byte[] reply = new byte[4];   // a 0x02 reply is the bytes alone
                    in.readFully(reply);
                    assertArrayEquals(new byte[] {1, 2, 3, 4}, reply, "reply " + i);
                }
                // Idle with a connection open: the loop must block in epoll, not keep polling.
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getThreadCpuTime(loopThread);
                long t0 = System.nanoTime();
                Thread.sleep(1000);   // the measured interval itself, not synchronisation
                long cpu = mx.getThreadCpuTime(loopThread) - cpu0;
                long wall = System.nanoTime() - t0;
                assertTrue(cpu < wall / 10, "an idle busy-polling loop used " + cpu / 1_000_000 + " ms of CPU in "
                        + wall / 1_000_000 + " ms");
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
