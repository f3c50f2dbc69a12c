package org.entropyfleet.link.tls;

import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's {@code openssl s_client} against {@link ServerTlsContext}: interop with OpenSSL 3 clients. */
class OpensslInteropTest extends LoopbackServerTest {

    static final String OPENSSL = "/usr/bin/openssl";

    private TestPki pki;
    private int port;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private void start(SslProvider provider) throws Exception {
        Path[] host = pki.issueHost("rng1.test", "127.0.0.1");
        port = net.startEchoServer(TlsConfig.of(host[0], host[1], pki.caBundle()).withAllow(List.of("client-*")),
                metrics, provider).port();
    }

    private ChildProcess sClient(Path[] clientCert, String name) {
        List<String> cmd = new ArrayList<>(List.of(OPENSSL, "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                "-CAfile", pki.caCert().toString(), "-verify_return_error", "-verify_ip", "127.0.0.1"));
        if (clientCert != null) {
            cmd.addAll(List.of("-cert", clientCert[0].toString(), "-key", clientCert[1].toString()));
        }
        return ChildProcess.start(dir.resolve(name + ".log"), cmd);
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void sClientCompletesMutualHandshakeWithVerifyCodeZero(SslProvider provider) throws Exception {
        start(provider);
        try (ChildProcess c = sClient(pki.issueClient("client-openssl"), "s_client")) {
            // The greeting proves the server accepted our certificate (TLS 1.3 checks it after the
            // client's Finished); the echo proves application data flows both ways.
            Poll.until(Poll.DEFAULT, () -> "server greeting in:\n" + c.output(), () -> c.output().contains("hello client-openssl"));
            c.write("ping-from-openssl\n");
            Poll.until(Poll.DEFAULT, () -> "echo in:\n" + c.output(), () -> c.output().contains("ping-from-openssl"));
            c.closeStdin();
            c.waitFor(20);
            String out = c.output();
            assertTrue(out.contains("Verify return code: 0 (ok)"), out);
            assertTrue(out.contains("TLSv1.3"), out);
            assertEquals(1, metrics.counter("tls.handshakes.ok").getCount());
        }
    }

    @Test
    void sClientWithCertificateOfAnotherCaIsRefused() throws Exception {
        start(SslProviders.preferred());
        TestPki other = TestPki.create(dir.resolve("other"), "other CA");
        try (ChildProcess c = sClient(other.issueClient("client-foreign"), "s_client-foreign")) {
            Poll.until(Poll.DEFAULT, () -> "server counts untrusted; s_client said:\n" + c.output(), () -> metrics.counter("tls.handshakes.failed.untrusted").getCount() == 1);
            c.closeStdin();
            c.waitFor(20);
            assertTrue(!c.output().contains("hello client-foreign"), c.output());
            assertEquals(0, metrics.counter("tls.handshakes.ok").getCount());
        }
    }

    @Test
    void sClientWithoutCertificateIsRefused() throws Exception {
        start(SslProviders.preferred());
        try (ChildProcess c = sClient(null, "s_client-nocert")) {
            Poll.until(Poll.DEFAULT, () -> "server counts no-client-cert; s_client said:\n" + c.output(), () -> metrics.counter("tls.handshakes.failed.no-client-cert").getCount() == 1);
            c.closeStdin();
            c.waitFor(20);
            assertEquals(0, metrics.counter("tls.handshakes.ok").getCount());
        }
    }
}
