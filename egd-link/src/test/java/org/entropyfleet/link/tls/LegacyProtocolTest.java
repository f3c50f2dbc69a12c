package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Old protocol versions are refused by the server. The TLS 1.1 client is a JDK SSLSocket in a child
 * JVM whose security properties re-enable TLS 1.1 (this JVM's JSSE would refuse to even send the
 * ClientHello), so the server really sees a TLS 1.1 ClientHello and must answer protocol_version.
 */
class LegacyProtocolTest extends LoopbackServerTest {

    /** JDK 17's default minus TLSv1 / TLSv1.1, so the child can offer TLS 1.1. */
    private static final String REENABLE_TLS11 =
            "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, MD5withRSA, DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL\n";

    private static final String CLIENT_SOURCE = """
            import javax.net.ssl.*;
            public class Tls11Client {
                public static void main(String[] a) throws Exception {
                    SSLSocket s = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                            .createSocket(a[0], Integer.parseInt(a[1]));
                    s.setEnabledProtocols(new String[] {"TLSv1.1"});
                    s.setSoTimeout(10000);
                    try {
                        s.startHandshake();
                        System.out.println("HANDSHAKE-OK " + s.getSession().getProtocol());
                    } catch (Exception e) {
                        System.out.println("HANDSHAKE-FAILED " + e);
                    } finally {
                        s.close();
                    }
                }
            }
            """;

    private TestPki pki;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private int start(SslProvider provider, List<String> protocols) throws Exception {
        Path[] host = pki.issueHost("rng1.test", "127.0.0.1");
        return net.startEchoServer(TlsConfig.of(host[0], host[1], pki.caBundle()).withProtocols(protocols),
                metrics, provider).port();
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void tls11ClientIsRefusedEvenWhenTls12IsEnabled(SslProvider provider) throws Exception {
        int port = start(provider, List.of("TLSv1.3", "TLSv1.2"));
        Path src = dir.resolve("Tls11Client.java");
        Files.writeString(src, CLIENT_SOURCE);
        Path security = dir.resolve("tls11.security");
        Files.writeString(security, REENABLE_TLS11);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.security.properties=" + security, src.toString(),
                "127.0.0.1", Integer.toString(port)).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("HANDSHAKE-FAILED"), out);
            Poll.until(Poll.DEFAULT, () -> "server counts the TLS 1.1 ClientHello as a protocol failure; child said: " + out, () -> metrics.counter("tls.handshakes.failed.protocol").getCount() == 1);
            assertEquals(0, metrics.counter("tls.handshakes.ok").getCount());
        } finally {
            p.destroyForcibly();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void tls12ClientIsRefusedByDefault(SslProvider provider) throws Exception {
        int port = start(provider, List.of("TLSv1.3"));
        Path[] c = pki.issueClient("client-12");
        try (ClientTlsContext tls = ClientTlsContext.open(
                TlsConfig.of(c[0], c[1], pki.caBundle()).withProtocols(List.of("TLSv1.2")), new MetricRegistry())) {
            LoopbackTls.Client client = net.connect(tls, "127.0.0.1", port);
            Poll.until(Poll.DEFAULT, () -> "server counts a TLS 1.2 client as a protocol failure", () -> metrics.counter("tls.handshakes.failed.protocol").getCount() == 1);
            Poll.until(Poll.DEFAULT, () -> "connection closed", client::isClosed);
            assertEquals(0, metrics.counter("tls.handshakes.ok").getCount());
        }
    }
}
