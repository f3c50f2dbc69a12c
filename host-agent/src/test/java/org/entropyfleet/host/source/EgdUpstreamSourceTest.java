package org.entropyfleet.host.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.entropyfleet.host.testutil.TinyEgdServer;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.link.transport.Transport;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The EGD client source against real EGD servers over TCP and a unix socket, and a silent one. */
class EgdUpstreamSourceTest extends PoolFedSourceTest {
    private final EventLoopGroup group = Transport.newGroup(1, "test-upstream");

    @AfterEach
    @Override
    void tearDown() {
        super.tearDown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    private EgdUpstreamSource start(String name, Endpoint e, Duration stall) {
        SourceSettings s = new SourceSettings(name, 8, stall, Duration.ofMillis(50), Duration.ofMillis(400));
        EgdUpstreamSource src = new EgdUpstreamSource(e, null, group, s, new SourceSink(name, 8, pool, metrics), metrics);
        watchdog.watch(src);
        src.start();
        return src;
    }

    @Test
    void pullsFromATcpEgdServerWithBlockingReads() throws Exception {
        try (TinyEgdServer server = new TinyEgdServer();
             EgdUpstreamSource src = start("tcp", Endpoint.tcp("127.0.0.1", server.port()), Duration.ofSeconds(10))) {
            Poll.until(WAIT, () -> "pool " + pool.available(), () -> pool.available() >= 4096);
            assertEquals(StreamSource.State.RUNNING, src.state());
            assertTrue(server.bytesServed.get() >= src.bytesGathered());
        }
    }

    @Test
    void pullsFromAUnixSocketEgdServer() throws Exception {
        Path sock = dir.resolve("ekeyd.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> serveBlockingReads(server), "unix-egd");
            t.setDaemon(true);
            t.start();
            try (EgdUpstreamSource src = start("unix", Endpoint.unix(sock), Duration.ofSeconds(10))) {
                Poll.until(WAIT, () -> "pool " + pool.available(), () -> pool.available() >= 4096);
                assertEquals(StreamSource.State.RUNNING, src.state());
            }
        }
    }

    @Test
    void silentUpstreamIsDetectedAsStalledAndReconnected() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket silent = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept());   // accept, read nothing, answer nothing
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-egd");
            t.setDaemon(true);
            t.start();
            try (EgdUpstreamSource src = start("silent", Endpoint.tcp("127.0.0.1", silent.getLocalPort()), Duration.ofMillis(500))) {
                Poll.until(WAIT, () -> "stall + reconnect, state " + src.state() + " connections " + connections.get(), () -> src.stalls() >= 1 && connections.get() >= 2);
                assertEquals(0, pool.available());
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** Answers 0x02 N with N random bytes on each accepted unix connection, one at a time. */
    private static void serveBlockingReads(ServerSocketChannel server) {
        SecureRandom rnd = new SecureRandom();
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                ByteBuffer req = ByteBuffer.allocate(2);
                while (true) {
                    req.clear();
                    while (req.hasRemaining()) {
                        if (c.read(req) < 0) {
                            throw new IOException("closed");
                        }
                    }
                    byte[] out = new byte[req.get(1) & 0xff];
                    rnd.nextBytes(out);
                    ByteBuffer b = ByteBuffer.wrap(out);
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                }
            } catch (IOException e) {
                // client went away or server closed: next accept
            }
        }
    }
}
