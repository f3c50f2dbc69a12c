package org.entropyfleet.client.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.testsupport.TestClientTls;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.client.upstream.HostConnector;
import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.client.upstream.UpstreamSettings;
import org.entropyfleet.link.egd.EgdServerOptions;
import org.entropyfleet.link.config.Endpoint;
import org.entropyfleet.client.ClientAgent;
import org.entropyfleet.link.local.LocalAccess;
import org.entropyfleet.link.local.LocalEgdServer;
import org.entropyfleet.link.transport.Transport;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local plaintext endpoint served from real mTLS hosts, checked with independent EGD clients. */
class LocalEgdServerTest {
    @TempDir
    Path dir;
    private final MetricRegistry metrics = new MetricRegistry();
    private EventLoopGroup group;
    private TestPki pki;
    private TestEgdHost a;
    private TestEgdHost b;
    private HostConnector connector;
    private LocalEntropyBuffer buffer;
    private LocalEgdServer server;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        a = TestEgdHost.start(pki, "rng-a", 0);
        b = TestEgdHost.start(pki, "rng-b", 0);
        group = Transport.newGroup(1, "local-test");
        connector = new HostConnector(new UpstreamSettings(List.of(new UpstreamHost("127.0.0.1", a.port()),
                new UpstreamHost("127.0.0.1", b.port())), Duration.ofSeconds(2), Duration.ofMinutes(5)),
                TestClientTls.forClient(pki, "client-test"), group,
                Transport.clientChannel(Endpoint.parse("127.0.0.1:1")), metrics);
        connector.start();
        buffer = new LocalEntropyBuffer(connector, 1024);
        buffer.start();
        server = LocalEgdServer.start(Endpoint.parse("127.0.0.1:0"), group,
                buffer, new EgdServerOptions(Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(20)),
                new LocalAccess(8, 8, null, LocalAccess.DEFAULT_SOCKET_MODE), ClientAgent.LOCAL_METRICS, metrics);
    }

    @AfterEach
    void tearDown() {
        server.close();
        buffer.close();
        connector.close();
        a.close();
        b.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private int localClients() {
        return ((Gauge<?>) metrics.getGauges().get(ClientAgent.LOCAL_METRICS.clientsGauge())).getValue() instanceof Integer i ? i : -1;
    }

    @Test
    void pythonEgdClientGetsCorrectRepliesForEveryCommand() throws Exception {
        Path script = Path.of(getClass().getResource("/egd_client.py").toURI());
        Process p = new ProcessBuilder("python3", script.toString(), "127.0.0.1", String.valueOf(port()))
                .redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python client finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            for (String check : List.of("0x00-bits-available", "0x01-read-nonblocking", "0x01-zero",
                    "0x02-read-blocking", "0x04-pid-pipelined", "0x03-refused-closes", "unknown-command-closes")) {
                assertTrue(out.contains("ok " + check), check + " in:\n" + out);
            }
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ekeydEgdLinuxConnectsAndStaysConnected() throws Exception {
        Process p = new ProcessBuilder("/usr/sbin/ekeyd-egd-linux", "-H", "127.0.0.1", "-p", String.valueOf(port()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("ekeyd.log").toFile()).start();
        try {
            Poll.until(Duration.ofSeconds(10), "egd-linux connected", () -> localClients() == 1);
            // A modern kernel's /dev/random never polls writable, so it sends nothing: the endpoint
            // must keep the silent connection well past the partial-frame timeout (2 s).
            long connectedAt = System.nanoTime();
            Poll.until(Duration.ofSeconds(10), "3 s of connected silence", () -> {
                assertTrue(p.isAlive(), "egd-linux exited");
                assertEquals(1, localClients(), "connection dropped");
                return System.nanoTime() - connectedAt > TimeUnit.SECONDS.toNanos(3);
            });
        } finally {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        Poll.until(Duration.ofSeconds(5), "client gone after kill", () -> localClients() == 0);
        assertTrue(Files.exists(dir.resolve("ekeyd.log")));
    }

    @Test
    void readersDuringAFailoverJustWait() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            List<byte[]> seen = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                if (i == 10) {
                    a.close(); // active host dies mid-stream
                }
                out.write(new byte[] {0x02, (byte) 255});
                out.flush();
                byte[] got = new byte[255];
                in.readFully(got); // an error would surface here as EOF or timeout
                for (byte[] prev : seen) {
                    assertFalse(Arrays.equals(prev, got), "bytes are served once");
                }
                seen.add(got);
            }
            assertEquals(b.port(), connector.activeHost().port());
            assertTrue(b.bytesServed() > 0);
            long servedToReaders = 40L * 255;
            assertTrue(a.bytesServed() + b.bytesServed() >= servedToReaders);
        }
    }

    @Test
    void unixSocketGetsItsGroupAndModeAndServes() throws Exception {
        Path sock = dir.resolve("egd.sock");
        EventLoopGroup epoll = Transport.newGroup(1, "local-unix-test");
        Endpoint at = Endpoint.unix(sock);
        try (LocalEgdServer unix = LocalEgdServer.start(at, epoll, buffer,
                EgdServerOptions.DEFAULTS, new LocalAccess(8, 8, "daemon", 0640), ClientAgent.LOCAL_METRICS, new MetricRegistry())) {
            assertEquals(0640, (Integer) Files.getAttribute(sock, "unix:mode") & 07777);
            assertEquals("daemon", Files.getAttribute(sock, "posix:group").toString());
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(sock));
                ch.write(ByteBuffer.wrap(new byte[] {0x02, 16}));
                ByteBuffer reply = ByteBuffer.allocate(16);
                while (reply.hasRemaining() && ch.read(reply) >= 0) {
                    // blocking reads until the 16 bytes are in
                }
                assertFalse(reply.hasRemaining(), "16 bytes over the unix socket");
            }
        } finally {
            epoll.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void clientsBeyondTheLimitAreRefused() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                sockets.add(new Socket("127.0.0.1", port()));
            }
            Poll.until(Duration.ofSeconds(5), "8 clients", () -> localClients() == 8);
            try (Socket ninth = new Socket("127.0.0.1", port())) {
                ninth.setSoTimeout(5000);
                assertEquals(-1, ninth.getInputStream().read(), "ninth connection closed");
            }
            assertEquals(1, metrics.counter("local.refused-connections").getCount());
            assertEquals(1, metrics.counter("local.refused-connections.max-clients").getCount());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
