package org.entropyfleet.client.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.entropyfleet.client.testsupport.TestClientTls;
import org.entropyfleet.client.testsupport.TestEgdHost;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real mTLS EGD servers on 127.0.0.1; the connector under test is the production class. */
class HostConnectorTest {
    @TempDir
    Path dir;
    private TestPki pki;
    private TlsInstaller tls;
    private EventLoopGroup group;
    private final MetricRegistry metrics = new MetricRegistry();

    @BeforeEach
    void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tls = TestClientTls.forClient(pki, "client-test");
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    @AfterEach
    void tearDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private HostConnector connector(Duration requestTimeout, Duration failbackAfter, TestEgdHost... hosts) {
        List<UpstreamHost> list = java.util.Arrays.stream(hosts).map(h -> new UpstreamHost("127.0.0.1", h.port())).toList();
        return connector(list, requestTimeout, failbackAfter);
    }

    private HostConnector connector(List<UpstreamHost> list, Duration requestTimeout, Duration failbackAfter) {
        HostConnector c = new HostConnector(new UpstreamSettings(list, requestTimeout, failbackAfter), tls, group,
                NioSocketChannel.class, metrics);
        c.start();
        return c;
    }

    private long received(TestEgdHost h) {
        return metrics.counter("upstream.bytes-received.127.0.0.1:" + h.port()).getCount();
    }

    @Test
    void fetchesExactlyWhatWasAskedOverPipelinedRequests() throws Exception {
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
                HostConnector c = connector(Duration.ofSeconds(5), Duration.ofMinutes(5), a)) {
            byte[] got = c.fetch(3000).get(10, TimeUnit.SECONDS);
            assertEquals(3000, got.length);
            assertEquals(3000, received(a));
            assertEquals(3000, a.bytesServed(), "requests are sized to the demand, nothing extra");
            assertEquals("127.0.0.1:" + a.port(), String.valueOf(c.activeHost()));
        }
    }

    @Test
    void failsOverWhenTheActiveHostDiesAndFailsBackWhenItReturns() throws Exception {
        TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
        int portA = a.port();
        try (TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
                HostConnector c = connector(Duration.ofSeconds(2), Duration.ofMillis(300), a, b)) {
            assertEquals(64, c.fetch(64).get(10, TimeUnit.SECONDS).length);
            assertEquals(portA, c.activeHost().port());

            a.close();
            long t0 = System.nanoTime();
            assertEquals(500, c.fetch(500).get(10, TimeUnit.SECONDS).length);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "failover within a few seconds");
            assertEquals(b.port(), c.activeHost().port());
            assertEquals(1, metrics.counter("upstream.failovers").getCount());

            a = TestEgdHost.start(pki, "rng-a", portA);
            Poll.until(Duration.ofSeconds(15), "failback to the preferred host", () -> {
                UpstreamHost h = c.activeHost();
                return h != null && h.port() == portA;
            });
            assertEquals(1, metrics.counter("upstream.failbacks").getCount());
            long before = received(a);
            assertEquals(100, c.fetch(100).get(10, TimeUnit.SECONDS).length);
            assertEquals(before + 100, received(a));
        } finally {
            a.close();
        }
    }

    private static UpstreamSettings settings(Duration failbackAfter, TestEgdHost... hosts) {
        return new UpstreamSettings(java.util.Arrays.stream(hosts).map(h -> new UpstreamHost("127.0.0.1", h.port())).toList(),
                Duration.ofSeconds(5), failbackAfter);
    }

    @Test
    void reconfigureKeepsTheConnectionToAListedHostAndLeavesAnUnlistedOne() throws Exception {
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
                TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
                HostConnector c = connector(Duration.ofSeconds(5), Duration.ofMinutes(5), a)) {
            assertEquals(64, c.fetch(64).get(10, TimeUnit.SECONDS).length);

            c.reconfigure(settings(Duration.ofMinutes(5), a, b));
            assertEquals(64, c.fetch(64).get(10, TimeUnit.SECONDS).length, "fetches queue behind the reconfigure");
            assertEquals(a.port(), c.activeHost().port());
            assertEquals(1, a.openConnections(), "the working connection is kept");
            assertEquals(128, received(a));
            assertTrue(metrics.getCounters().containsKey("upstream.bytes-received.127.0.0.1:" + b.port()));

            c.reconfigure(settings(Duration.ofMinutes(5), b));
            assertEquals(100, c.fetch(100).get(10, TimeUnit.SECONDS).length);
            assertEquals(b.port(), c.activeHost().port());
            assertEquals(100, received(b));
            Poll.until(Duration.ofSeconds(5), "the unlisted host's connection to close", () -> a.openConnections() == 0);
            assertTrue(!metrics.getCounters().containsKey("upstream.bytes-received.127.0.0.1:" + a.port()));
        }
    }

    @Test
    void aNewFirstHostIsProbedAtOnceAndTakenOverAfterItAnswered() throws Exception {
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
                TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
                HostConnector c = connector(Duration.ofSeconds(5), Duration.ofMinutes(5), a)) {
            assertEquals(64, c.fetch(64).get(10, TimeUnit.SECONDS).length);
            c.reconfigure(settings(Duration.ofMinutes(5), b, a)); // failback-after 5m is not waited for
            Poll.until(Duration.ofSeconds(10), "the new first host to take over", () -> {
                UpstreamHost h = c.activeHost();
                return h != null && h.port() == b.port();
            });
            assertEquals(1, metrics.counter("upstream.failbacks").getCount());
            assertEquals(b.port(), c.preferredHost().port());
            assertEquals(32, c.fetch(32).get(10, TimeUnit.SECONDS).length);
        }
    }

    @Test
    void aSlowHostIsAbandonedAfterTheRequestTimeout() throws Exception {
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
                TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
                HostConnector c = connector(Duration.ofMillis(400), Duration.ofMinutes(5), a, b)) {
            assertEquals(10, c.fetch(10).get(10, TimeUnit.SECONDS).length);
            a.stall(true);
            assertEquals(200, c.fetch(200).get(10, TimeUnit.SECONDS).length);
            assertEquals(b.port(), c.activeHost().port());
            assertTrue(metrics.counter("upstream.slow-requests").getCount() >= 1);
        }
    }

    @Test
    void aHostWhoseCertificateDoesNotNameItIsRefused() throws Exception {
        Path[] wrongName = pki.issueHost("rng-elsewhere", "rng-elsewhere.example");
        try (TestEgdHost impostor = TestEgdHost.start(pki, wrongName, 0);
                TestEgdHost b = TestEgdHost.start(pki, "rng-b", 0);
                HostConnector c = connector(Duration.ofSeconds(2), Duration.ofMinutes(5), impostor, b)) {
            assertEquals(32, c.fetch(32).get(10, TimeUnit.SECONDS).length);
            assertEquals(b.port(), c.activeHost().port());
            assertEquals(0, impostor.bytesServed());
            assertTrue(c.describeHosts().contains("127.0.0.1:" + impostor.port() + " ("), c.describeHosts());
        }
    }

    @Test
    void whenNoHostAnswersTheFetchWaitsAndTheHostsAreNamed() throws Exception {
        int p1;
        int p2;
        try (ServerSocket s1 = new ServerSocket(0); ServerSocket s2 = new ServerSocket(0)) {
            p1 = s1.getLocalPort();
            p2 = s2.getLocalPort();
        } // both closed: connections are refused
        try (HostConnector c = connector(List.of(new UpstreamHost("127.0.0.1", p1), new UpstreamHost("127.0.0.1", p2)),
                Duration.ofSeconds(1), Duration.ofMinutes(5))) {
            var f = c.fetch(16);
            assertThrows(TimeoutException.class, () -> f.get(1500, TimeUnit.MILLISECONDS));
            String d = c.describeHosts();
            assertTrue(d.contains("127.0.0.1:" + p1 + " (") && d.contains("127.0.0.1:" + p2 + " ("), d);
            assertTrue(d.toLowerCase().contains("refused"), d);
        }
    }

    @Test
    void hostNamesAreResolvedAndMatchedAgainstTheCertificate() throws Exception {
        try (TestEgdHost a = TestEgdHost.start(pki, "rng-a", 0);
                HostConnector c = connector(List.of(new UpstreamHost("no-such-host.invalid", a.port()),
                        new UpstreamHost("localhost", a.port())), Duration.ofSeconds(2), Duration.ofMinutes(5))) {
            assertEquals(48, c.fetch(48).get(10, TimeUnit.SECONDS).length);
            assertEquals("localhost", c.activeHost().host());
            assertTrue(c.describeHosts().contains("no-such-host.invalid:" + a.port() + " (cannot resolve"), c.describeHosts());
        }
    }

    @Test
    void ipv6LiteralHostsConnectAndAreVerifiedByIpSan() throws Exception {
        try (TestEgdHost v6 = TestEgdHost.start(pki, pki.issueHost("rng-v6", "::1"), "::1", 0);
                HostConnector c = connector(List.of(UpstreamHost.parse("[::1]:" + v6.port())), Duration.ofSeconds(2),
                        Duration.ofMinutes(5))) {
            assertEquals(40, c.fetch(40).get(10, TimeUnit.SECONDS).length);
            assertEquals("[::1]:" + v6.port(), c.activeHost().toString());
        }
    }

    @Test
    void hostSyntaxIncludesBracketedIpv6() {
        assertEquals(new UpstreamHost("::1", 7776), UpstreamHost.parse("[::1]:7776"));
        assertEquals("[::1]:7776", UpstreamHost.parse("[::1]:7776").toString());
        assertEquals(new UpstreamHost("rng1.example.net", 7776), UpstreamHost.parse("rng1.example.net:7776"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamHost.parse("::1:7776"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamHost.parse("rng1"));
        assertThrows(IllegalArgumentException.class, () -> UpstreamHost.parse("rng1:99999"));
    }
}
