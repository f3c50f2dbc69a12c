package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The client verifies the server: chain, dates, and the name or IP it dialled against the SANs. */
class ClientTlsContextTest extends LoopbackServerTest {

    private final MetricRegistry clientMetrics = new MetricRegistry();
    private TestPki pki;
    private Path[] clientCert;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir);
        clientCert = pki.issueClient("client-vm1");
    }

    private int serve(Path[] hostCert) throws Exception {
        return net.startEchoServer(TlsConfig.of(hostCert[0], hostCert[1], pki.caBundle()), metrics).port();
    }

    private ClientTlsContext client(SslProvider provider, List<String> allow) throws TlsConfigException {
        return ClientTlsContext.open(TlsConfig.of(clientCert[0], clientCert[1], pki.caBundle()).withAllow(allow),
                clientMetrics, provider);
    }

    private long failed(String reason) {
        return clientMetrics.counter("tls.handshakes.failed." + reason).getCount();
    }

    private void assertClientRefused(LoopbackTls.Client c, String reason) {
        Poll.until(Poll.DEFAULT, () -> "client counts tls.handshakes.failed." + reason, () -> failed(reason) == 1);
        Poll.until(Poll.DEFAULT, () -> "client closed the connection", c::isClosed);
        assertFalse(c.authenticated.isDone());
        assertEquals(0, clientMetrics.counter("tls.handshakes.ok").getCount());
    }

    /** Serves {@code hostCert}, dials it as {@code dialled}; our client must refuse the server for {@code reason}. */
    private void assertDialRefused(SslProvider provider, Path[] hostCert, List<String> allow, String dialled,
                                   String reason) throws Exception {
        int port = serve(hostCert);
        try (ClientTlsContext tls = client(provider, allow)) {
            assertClientRefused(net.connect(tls, dialled, port), reason);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void ipLiteralIsCheckedAgainstIpSan(SslProvider provider) throws Exception {
        int port = serve(pki.issueHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", port);
            assertEquals(List.of("127.0.0.1"), c.authenticated.get(10, TimeUnit.SECONDS).ipAddresses());
            Poll.until(Poll.DEFAULT, () -> "greeting", () -> c.received.toString().equals("hello client-vm1\n"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void dnsNameIsCheckedAgainstDnsSan(SslProvider provider) throws Exception {
        int port = serve(pki.issueHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            LoopbackTls.Client c = net.connect(tls, "rng1.test", port);
            assertEquals("rng1.test", c.authenticated.get(10, TimeUnit.SECONDS).name());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void wrongNameIsRefused(SslProvider provider) throws Exception {
        assertDialRefused(provider, pki.issueHost("rng1.test", "127.0.0.1"), List.of(), "rng2.test", "untrusted");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void ipNotInSanIsRefused(SslProvider provider) throws Exception {
        // The certificate names the host only by DNS; dialling its IP must not be accepted.
        assertDialRefused(provider, pki.issueHost("rng1.test"), List.of(), "127.0.0.1", "untrusted");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void expiredServerIsRefused(SslProvider provider) throws Exception {
        assertDialRefused(provider, pki.issueExpiredHost("rng1.test", "127.0.0.1"), List.of(), "127.0.0.1", "expired");
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientAllowlistPinsTheServer(SslProvider provider) throws Exception {
        assertDialRefused(provider, pki.issueHost("rng1.test", "127.0.0.1"), List.of("rng2.*"), "127.0.0.1", "not-allowed");
    }
}
