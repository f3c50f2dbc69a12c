package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The client verifies the server: chain, dates, and the name or IP it dialled against the SANs. */
class ClientTlsContextTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private LoopbackTls net;
    private ServerTlsContext server;
    private Channel serverChannel;
    private MetricRegistry clientMetrics;
    private Path[] clientCert;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir);
        clientCert = pki.issueClient("client-vm1");
        net = new LoopbackTls();
        clientMetrics = new MetricRegistry();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (serverChannel != null) {
            serverChannel.close().sync();
        }
        if (server != null) {
            server.close();
        }
        net.close();
    }

    private int serve(Path[] hostCert) throws Exception {
        server = ServerTlsContext.open(TlsConfig.of(hostCert[0], hostCert[1], pki.caBundle()), new MetricRegistry());
        serverChannel = net.echoServer(server);
        return LoopbackTls.port(serverChannel);
    }

    private ClientTlsContext client(SslProvider provider, List<String> allow) throws TlsConfigException {
        return ClientTlsContext.open(TlsConfig.of(clientCert[0], clientCert[1], pki.caBundle()).withAllow(allow),
                clientMetrics, provider);
    }

    private long failed(String reason) {
        return clientMetrics.counter("tls.handshakes.failed." + reason).getCount();
    }

    private void assertClientRefused(LoopbackTls.Client c, String reason) {
        Await.until(() -> failed(reason) == 1, () -> "client counts tls.handshakes.failed." + reason);
        Await.until(c::isClosed, () -> "client closed the connection");
        assertFalse(c.authenticated.isDone());
        assertEquals(0, clientMetrics.counter("tls.handshakes.ok").getCount());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void ipLiteralIsCheckedAgainstIpSan(SslProvider provider) throws Exception {
        int port = serve(pki.issueHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            LoopbackTls.Client c = net.connect(tls, "127.0.0.1", port);
            assertEquals(List.of("127.0.0.1"), c.authenticated.get(10, TimeUnit.SECONDS).ipAddresses());
            Await.until(() -> c.received.toString().equals("hello client-vm1\n"), () -> "greeting");
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
        int port = serve(pki.issueHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            assertClientRefused(net.connect(tls, "rng2.test", port), "untrusted");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void ipNotInSanIsRefused(SslProvider provider) throws Exception {
        // The certificate names the host only by DNS; dialling its IP must not be accepted.
        int port = serve(pki.issueHost("rng1.test"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            assertClientRefused(net.connect(tls, "127.0.0.1", port), "untrusted");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void expiredServerIsRefused(SslProvider provider) throws Exception {
        int port = serve(pki.issueExpiredHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of())) {
            assertClientRefused(net.connect(tls, "127.0.0.1", port), "expired");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void clientAllowlistPinsTheServer(SslProvider provider) throws Exception {
        int port = serve(pki.issueHost("rng1.test", "127.0.0.1"));
        try (ClientTlsContext tls = client(provider, List.of("rng2.*"))) {
            assertClientRefused(net.connect(tls, "127.0.0.1", port), "not-allowed");
        }
    }
}
