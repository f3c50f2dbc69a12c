package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a refused client actually receives, over real loopback handshakes, for every pair of server and
 * client engines: the alert (as {@link TlsAlert#received} reads it from the client's exception), or for
 * the allowlist a clean close right after a completed handshake.
 *
 * <p>BoringSSL on the server sends the alert for the reason; JDK 17 on the server sends
 * {@code certificate_unknown} for every trust-manager refusal, whatever the exception (its
 * {@code checkClientCerts} hard-codes it), so those rows expect that.
 */
class RefusalAlertTest extends LoopbackServerTest {

    private TestPki pki;
    private TestPki otherPki;
    private Path[] host;

    static Stream<Arguments> engines() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK).flatMap(server ->
                Stream.of(SslProvider.OPENSSL, SslProvider.JDK).map(client -> Arguments.of(server, client)));
    }

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("pki"));
        otherPki = TestPki.create(dir.resolve("other"), "other CA");
        host = pki.issueHost("rng1.test", "localhost", "127.0.0.1");
    }

    private int server(SslProvider provider) throws Exception {
        pki.writeCrl();
        TlsConfig cfg = TlsConfig.of(host[0], host[1], pki.caBundle()).withCrl(pki.crl()).withAllow(List.of("client-*"));
        return net.startEchoServer(cfg, metrics, provider).port();
    }

    /** Connects presenting {@code cert} through our client context and returns the alert it received. */
    private Optional<TlsAlert> attempt(int port, Path[] cert, SslProvider clientEngine) throws Exception {
        try (ClientTlsContext tls = ClientTlsContext.open(TlsConfig.of(cert[0], cert[1], pki.caBundle()),
                new MetricRegistry(), clientEngine)) {
            return received(net.connect(tls, "127.0.0.1", port));
        }
    }

    /** Waits for the refusal and returns the alert in it (the error may follow the close on the JDK engine). */
    private static Optional<TlsAlert> received(LoopbackTls.Client c) throws Exception {
        Poll.until(Poll.DEFAULT, () -> "the server to refuse with an alert", () -> c.isClosed() && c.failure.isDone());
        assertEquals("", c.received.toString(), "a refused client receives no application data");
        return TlsAlert.received(c.failure.get());
    }

    private static TlsAlert expected(SslProvider server, TlsAlert boringSsl) {
        return server == SslProvider.OPENSSL ? boringSsl : TlsAlert.CERTIFICATE_UNKNOWN;
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("engines")
    void expiredCertificateGetsCertificateExpired(SslProvider server, SslProvider client) throws Exception {
        assertEquals(Optional.of(expected(server, TlsAlert.CERTIFICATE_EXPIRED)),
                attempt(server(server), pki.issueExpiredClient("client-old"), client));
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("engines")
    void revokedCertificateGetsCertificateRevoked(SslProvider server, SslProvider client) throws Exception {
        Path[] stolen = pki.issueClient("client-stolen");
        pki.revoke(stolen[0]);
        assertEquals(Optional.of(expected(server, TlsAlert.CERTIFICATE_REVOKED)), attempt(server(server), stolen, client));
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("engines")
    void certificateFromAnotherCaSentAnywayGetsUnknownCa(SslProvider server, SslProvider client) throws Exception {
        SslContext foreign = SslContextBuilder.forClient().sslProvider(client)
                .keyManager(new FixedKeyManager(otherPki.issueClient("client-vm1")))
                .trustManager(pki.caCertificate()).protocols("TLSv1.3").build();
        assertEquals(Optional.of(expected(server, TlsAlert.UNKNOWN_CA)), received(net.connect(foreign, server(server))));
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("engines")
    void certificateFromAnotherCaWithOurContextGetsNoCertificateAlert(SslProvider server, SslProvider client)
            throws Exception {
        // Our key manager honours the server's CA list, so it sends no certificate at all.
        TlsAlert alert = attempt(server(server), otherPki.issueClient("client-vm1"), client).orElseThrow();
        assertEquals(server == SslProvider.OPENSSL ? TlsAlert.CERTIFICATE_REQUIRED : TlsAlert.BAD_CERTIFICATE, alert);
        assertTrue(alert.refusesCertificate());
    }

    @ParameterizedTest(name = "server {0}, client {1}")
    @MethodSource("engines")
    void peerNotInAllowlistSeesACleanCloseRightAfterItsHandshake(SslProvider server, SslProvider client) throws Exception {
        Path[] intruder = pki.issueClient("intruder");
        try (ClientTlsContext tls = ClientTlsContext.open(TlsConfig.of(intruder[0], intruder[1], pki.caBundle()),
                new MetricRegistry(), client)) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", server(server));
            Poll.until(Poll.DEFAULT, () -> "the server to close the connection", c::isClosed);
            assertTrue(c.handshakeDone, "the handshake completed before the close");
            assertEquals("", c.received.toString(), "a refused client receives no application data");
            // No engine can send access_denied after the handshake (see OpenSslAlerts): a close, no alert.
            assertFalse(c.failure.isDone() && TlsAlert.received(c.failure.get()).isPresent(),
                    () -> "no alert expected, got " + c.failure);
        }
    }
}
