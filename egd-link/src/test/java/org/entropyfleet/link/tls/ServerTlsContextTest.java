package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real handshakes over loopback against {@link ServerTlsContext}, once with BoringSSL and once with
 * the JDK engine on the server side: who gets in, who is refused, and why.
 */
class ServerTlsContextTest extends LoopbackServerTest {

    private TestPki pki;
    private TestPki otherPki;
    private Path[] host;
    private ServerTlsContext server;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("pki"));
        otherPki = TestPki.create(dir.resolve("other"), "other CA");
        host = pki.issueHost("rng1.test", "localhost", "127.0.0.1", "::1");
        pki.writeCrl();
    }

    private int start(SslProvider provider, List<String> allow) throws Exception {
        return start(provider, TlsConfig.of(host[0], host[1], pki.caBundle()).withCrl(pki.crl()).withAllow(allow));
    }

    private int start(SslProvider provider, TlsConfig cfg) throws Exception {
        LoopbackTls.EchoServer echo = net.startEchoServer(cfg, metrics, provider);
        server = echo.tls();
        return echo.port();
    }

    private ClientTlsContext client(Path[] certAndKey) throws TlsConfigException {
        // The client trusts our CA (to verify the server); what varies is the certificate it presents.
        return ClientTlsContext.open(TlsConfig.of(certAndKey[0], certAndKey[1], pki.caBundle()), new MetricRegistry());
    }

    private long failed(String reason) {
        return metrics.counter("tls.handshakes.failed." + reason).getCount();
    }

    private long ok() {
        return metrics.counter("tls.handshakes.ok").getCount();
    }

    private void assertRefused(LoopbackTls.Client c, String reason) {
        Poll.until(Poll.DEFAULT, () -> "server counts tls.handshakes.failed." + reason
                + " (ok=" + ok() + ", " + metrics.getCounters().entrySet().stream()
                .filter(e -> e.getValue().getCount() > 0).map(e -> e.getKey() + "=" + e.getValue().getCount()).toList() + ")", () -> failed(reason) == 1);
        Poll.until(Poll.DEFAULT, () -> "client connection closed by the server", c::isClosed);
        assertEquals(0, ok(), "no handshake counted ok");
        assertEquals("", c.received.toString(), "refused client received no application data");
        // The client sees the close before the server's event loop has run channelInactive.
        Poll.until(Poll.DEFAULT, () -> "server live connections back to 0, is " + server.liveConnections(), () -> server.liveConnections() == 0);
    }

    /** Connects with our client context presenting {@code cert}; the server must refuse it for {@code reason}. */
    private void assertRefused(int port, Path[] cert, String reason) throws Exception {
        try (ClientTlsContext tls = client(cert)) {
            assertRefused(net.connect(tls, "127.0.0.1", port), reason);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void trustedAllowedClientIsAcceptedAndIdentified(SslProvider provider) throws Exception {
        int port = start(provider, List.of("client-*"));
        try (ClientTlsContext tls = client(pki.issueClient("client-vm1"))) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", port);
            PeerIdentity serverId = c.authenticated.get(10, TimeUnit.SECONDS);
            assertEquals("rng1.test", serverId.commonName());
            Poll.until(Poll.DEFAULT, () -> "greeting, got " + c.received, () -> c.received.toString().equals("hello client-vm1\n"));
            assertEquals("entropy", c.roundTrip("entropy"));
            assertEquals(1, ok());
            assertEquals(1, server.liveConnections());
            assertEquals("TLSv1.3", ((io.netty.handler.ssl.SslHandler) c.channel.pipeline().get("tls")).engine()
                    .getSession().getProtocol());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientFromAnotherCaPresentingItAnywayIsRefusedAsUntrusted(SslProvider provider) throws Exception {
        int port = start(provider, List.of());
        SslContext foreign = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(new FixedKeyManager(otherPki.issueClient("client-vm1")))
                .trustManager(pki.caCertificate()).protocols("TLSv1.3").build();
        assertRefused(net.connect(foreign, port), "untrusted");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientFromAnotherCaWithOurClientContextIsRefused(SslProvider provider) throws Exception {
        int port = start(provider, List.of());
        // Our client honours the server's CA list and so sends no certificate at all.
        assertRefused(port, otherPki.issueClient("client-vm1"), "no-client-cert");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void expiredClientIsRefused(SslProvider provider) throws Exception {
        int port = start(provider, List.of());
        assertRefused(port, pki.issueExpiredClient("client-old"), "expired");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void revokedClientIsRefused(SslProvider provider) throws Exception {
        Path[] revoked = pki.issueClient("client-stolen");
        pki.revoke(revoked[0]);
        pki.writeCrl();
        assertRefused(start(provider, List.of()), revoked, "revoked");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientNotInAllowlistIsRefused(SslProvider provider) throws Exception {
        int port = start(provider, List.of("client-*", "vm?.prod"));
        assertRefused(port, pki.issueClient("intruder", "vm12.prod"), "not-allowed");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientWithoutCertificateIsRefused(SslProvider provider) throws Exception {
        int port = start(provider, List.of());
        SslContext noCert = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(pki.caCertificate()).protocols("TLSv1.3").build();
        assertRefused(net.connect(noCert, port), "no-client-cert");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void silentClientTimesOut(SslProvider provider) throws Exception {
        TlsConfig cfg = TlsConfig.of(host[0], host[1], pki.caBundle()).withHandshakeTimeout(Duration.ofMillis(300));
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", start(provider, cfg))) {
            // Connect and say nothing: the server must give up after the handshake timeout.
            Poll.until(Poll.DEFAULT, () -> "tls.handshakes.failed.timeout", () -> failed("timeout") == 1);
            s.setSoTimeout(5000);
            assertEquals(-1, s.getInputStream().read(), "server closed the connection");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void tls12OnlyWhenConfigured(SslProvider provider) throws Exception {
        int port = start(provider, TlsConfig.of(host[0], host[1], pki.caBundle()).withProtocols(List.of("TLSv1.3", "TLSv1.2")));
        Path[] c = pki.issueClient("client-12");
        TlsConfig clientCfg = TlsConfig.of(c[0], c[1], pki.caBundle()).withProtocols(List.of("TLSv1.2"));
        try (ClientTlsContext tls = ClientTlsContext.open(clientCfg, new MetricRegistry())) {
            LoopbackTls.Client cl = net.connect(tls, "127.0.0.1", port);
            cl.authenticated.get(10, TimeUnit.SECONDS);
            io.netty.handler.ssl.SslHandler h = (io.netty.handler.ssl.SslHandler) cl.channel.pipeline().get("tls");
            assertEquals("TLSv1.2", h.engine().getSession().getProtocol());
            String suite = h.engine().getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_") && (suite.contains("GCM") || suite.contains("CHACHA20")), suite);
        }
    }
}
