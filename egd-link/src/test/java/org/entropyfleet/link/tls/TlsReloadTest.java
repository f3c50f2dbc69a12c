package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files change on disk while the server runs; no restart. */
class TlsReloadTest extends LoopbackServerTest {

    private static final Duration RELOAD = Duration.ofMillis(100);

    private TestPki pki;
    private TestPki pki2;
    private Path bundle;
    private Path[] host;
    private ServerTlsContext server;
    private int port;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("one"), "CA one");
        pki2 = TestPki.create(dir.resolve("two"), "CA two");
        bundle = TestPki.writeBundle(dir.resolve("trusted.pem"), pki);
        host = pki.issueHost("rng1.test", "127.0.0.1");
        pki.writeCrl();
    }

    private void start(SslProvider provider, List<String> allow) throws Exception {
        TlsConfig cfg = TlsConfig.of(host[0], host[1], bundle).withCrl(pki.crl()).withAllow(allow)
                .withReloadInterval(RELOAD);
        LoopbackTls.EchoServer echo = net.startEchoServer(cfg, metrics, provider);
        server = echo.tls();
        port = echo.port();
    }

    private ClientTlsContext client(Path[] cert) throws TlsConfigException {
        return ClientTlsContext.open(TlsConfig.of(cert[0], cert[1], pki.caBundle()), new MetricRegistry());
    }

    /** Connects and waits until the server greeted us (accepted) or closed the connection (refused). */
    private LoopbackTls.Client attempt(ClientTlsContext tls) {
        return net.attempt(tls, "127.0.0.1", port);
    }

    private long count(String name) {
        return metrics.counter(name).getCount();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void replacingTheCaBundleChangesWhoIsAccepted(SslProvider provider) throws Exception {
        start(provider, List.of());
        try (ClientTlsContext one = client(pki.issueClient("client-one"));
             ClientTlsContext two = client(pki2.issueClient("client-two"))) {
            LoopbackTls.Client liveOne = attempt(one);
            assertTrue(liveOne.accepted(), "CA one client accepted");
            assertFalse(attempt(two).accepted(), "CA two client refused before the bundle change");

            TestPki.writeBundle(bundle, pki, pki2);
            Poll.until(Poll.DEFAULT, () -> "CA two client accepted after the bundle gained CA two", () -> attempt(two).accepted());

            TestPki.writeBundle(bundle, pki2);
            Poll.until(Poll.DEFAULT, () -> "live CA one connection closed after CA one left the bundle", liveOne::isClosed);
            assertEquals(1, count("tls.connections.dropped.untrusted"));
            assertFalse(attempt(one).accepted(), "new CA one client refused");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void revokedClientsLiveConnectionIsClosedAfterCrlReload(SslProvider provider) throws Exception {
        start(provider, List.of());
        Path[] bad = pki.issueClient("client-bad");
        try (ClientTlsContext badTls = client(bad); ClientTlsContext goodTls = client(pki.issueClient("client-good"))) {
            LoopbackTls.Client badConn = attempt(badTls);
            LoopbackTls.Client goodConn = attempt(goodTls);
            assertTrue(badConn.accepted() && goodConn.accepted());

            pki.revoke(bad[0]);
            pki.writeCrl();
            Poll.until(Poll.DEFAULT, () -> "revoked client's connection closed", badConn::isClosed);
            assertEquals(1, count("tls.connections.dropped.revoked"));
            assertEquals("still-here", goodConn.roundTrip("still-here"));
            assertFalse(attempt(badTls).accepted(), "revoked client cannot reconnect");
            assertEquals(1, count("tls.handshakes.failed.revoked"));
        }
    }

    @Test
    void allowlistUpdateClosesPeersNoLongerAllowed() throws Exception {
        start(SslProviders.preferred(), List.of("client-*"));
        try (ClientTlsContext a = client(pki.issueClient("client-a")); ClientTlsContext b = client(pki.issueClient("client-b"))) {
            LoopbackTls.Client ca = attempt(a);
            LoopbackTls.Client cb = attempt(b);
            assertTrue(ca.accepted() && cb.accepted());
            server.updateAllowlist(List.of("client-b"));
            Poll.until(Poll.DEFAULT, () -> "client-a closed after the allowlist dropped it", ca::isClosed);
            assertEquals("b", cb.roundTrip("b"));
            assertEquals(1, count("tls.connections.dropped.not-allowed"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void corruptFileKeepsTheOldContext(SslProvider provider) throws Exception {
        start(provider, List.of());
        try (ClientTlsContext tls = client(pki.issueClient("client-a"))) {
            Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
            Poll.until(Poll.DEFAULT, () -> "failed reload counted", () -> count("tls.reloads.failed") == 1);
            assertTrue(attempt(tls).accepted(), "old context still serves");

            // A half-written key next to a new certificate must not be picked up either.
            Path[] next = pki.issueHost("rng1.test", "127.0.0.1");
            Files.writeString(host[1], "-----BEGIN PRIVATE KEY-----\nMIGH");
            long failedBefore = count("tls.reloads.failed");
            server.reload();
            // The poller may count the same broken files too; the forced reload must add at least one.
            assertTrue(count("tls.reloads.failed") > failedBefore);
            LoopbackTls.Client c = attempt(tls);
            assertTrue(c.accepted(), "old context still serves after a forced reload of broken files");
            assertEquals(0, count("tls.reloads.ok"));
            assertEquals(next[0], host[0], "the broken key sits next to a renewed certificate");
        }
    }

    @Test
    void renewedServerCertificateIsServedWithoutRestart() throws Exception {
        start(SslProviders.preferred(), List.of());
        try (ClientTlsContext tls = client(pki.issueClient("client-a"))) {
            LoopbackTls.Client first = attempt(tls);
            String before = serverSerial(first);
            // issueHost rewrites rng1.test.crt and .key atomically, one after the other.
            Path[] renewed = pki.issueHost("rng1.test", "127.0.0.1");
            String want = pki.certificate(renewed[0]).getSerialNumber().toString(16);
            Poll.until(Poll.DEFAULT, () -> "new connections see the renewed certificate " + want, () -> want.equals(serverSerial(attempt(tls))));
            assertFalse(first.isClosed(), "existing connection kept");
            assertFalse(before.equals(want));
        }
    }

    private static String serverSerial(LoopbackTls.Client c) {
        try {
            c.authenticated.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "none";
        }
        try {
            SslHandler h = (SslHandler) c.channel.pipeline().get("tls");
            return ((X509Certificate) h.engine().getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
        } catch (Exception e) {
            return "none";
        }
    }
}
