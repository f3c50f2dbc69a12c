package org.entropyfleet.client.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.LoopbackTls;
import org.entropyfleet.link.tls.TestPki;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host on the JDK TLS engine can only send {@code certificate_unknown}; the connector still names
 * the likeliest cause it can see, our own certificate's dates, and backs off as for any refusal.
 * Real loopback handshakes against egd-link's {@link LoopbackTls} server.
 */
class JdkHostRefusalTest {
    @TempDir
    Path dir;

    @Test
    void expiredCertificateRefusedByAJdkHostIsNamedFromOurOwnDates() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"));
        Path[] host = pki.issueHost("rng-jdk", "127.0.0.1");
        Path[] expired = pki.issueExpiredClient("vm-old");
        MetricRegistry hostMetrics = new MetricRegistry();
        MetricRegistry metrics = new MetricRegistry();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (LoopbackTls net = new LoopbackTls();
                ClientTlsContext tls = ClientTlsContext.open(TlsConfig.of(expired[0], expired[1], pki.caBundle()),
                        new MetricRegistry(), SslProvider.JDK)) {
            int port = net.startEchoServer(TlsConfig.of(host[0], host[1], pki.caBundle()), hostMetrics, SslProvider.JDK).port();
            try (HostConnector c = new HostConnector(new UpstreamSettings(List.of(new UpstreamHost("127.0.0.1", port)),
                    Duration.ofSeconds(5), Duration.ofMinutes(5)), tls::addTo, group, NioSocketChannel.class, metrics)) {
                c.start();
                Poll.until(Duration.ofSeconds(5), "the refusal", () -> metrics.counter("upstream.refusals").getCount() == 1);
                assertTrue(c.describeHosts().contains("host refused our certificate: expired (ours is not valid now"),
                        c.describeHosts());
                assertTrue(c.describeHosts().contains("certificate_unknown"), c.describeHosts());
                assertEquals(1, hostMetrics.counter("tls.handshakes.failed.expired").getCount());
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
