package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.link.config.TlsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** open() fails fast and names the file; TlsConfig validates its values. */
class TlsFilesTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private Path[] host;

    @BeforeEach
    void setUp() {
        pki = TestPki.create(dir);
        host = pki.issueHost("rng1.test", "127.0.0.1");
    }

    private TlsConfigException openFails(TlsConfig cfg, Path expectedFile, String expectedText) {
        TlsConfigException e = assertThrows(TlsConfigException.class,
                () -> ServerTlsContext.open(cfg, new MetricRegistry()).close());
        assertEquals(expectedFile, e.file());
        assertTrue(e.getMessage().startsWith(expectedFile.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedText), e.getMessage());
        return e;
    }

    @Test
    void missingCertificate() {
        Path missing = dir.resolve("nope.crt");
        openFails(TlsConfig.of(missing, host[1], pki.caBundle()), missing, "no such file");
    }

    @Test
    void weakRsaKeyIsRefused() {
        Path[] weak = pki.issueRsaClient("weak", 1024);
        openFails(TlsConfig.of(weak[0], weak[1], pki.caBundle()), weak[1], "key too weak: RSA 1024 bits");
    }

    @Test
    void rsa2048IsAccepted() throws Exception {
        Path[] rsa = pki.issueRsaClient("rsa-ok", 2048);
        ClientTlsContext.open(TlsConfig.of(rsa[0], rsa[1], pki.caBundle()), new MetricRegistry()).close();
    }

    @Test
    void weakCurveIsRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp521r1"));
        Path key = dir.resolve("p521.key");
        TestPki.writeAtomically(key, TestPki.pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()), true);
        openFails(TlsConfig.of(host[0], key, pki.caBundle()), key, "key too weak: EC curve of 521 bits");
    }

    @Test
    void keyOfAnotherCertificateIsRefused() {
        Path[] other = pki.issueClient("other");
        openFails(TlsConfig.of(host[0], other[1], pki.caBundle()), other[1], "does not match");
    }

    @Test
    void nonPkcs8KeyIsRefusedWithAHint() throws Exception {
        Path sec1 = dir.resolve("sec1.key");
        Files.writeString(sec1, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");
        openFails(TlsConfig.of(host[0], sec1, pki.caBundle()), sec1, "openssl pkcs8 -topk8");
    }

    @Test
    void leafInCaBundleIsRefused() {
        openFails(TlsConfig.of(host[0], host[1], host[0]), host[0], "not a CA certificate");
    }

    @Test
    void tamperedCrlIsRefused() throws Exception {
        // A CA with the same name but another key signs this CRL: it must not be believed.
        TestPki impostor = TestPki.create(dir.resolve("impostor"), "entropy-fleet test CA");
        Path crl = impostor.writeCrl();
        openFails(TlsConfig.of(host[0], host[1], pki.caBundle()).withCrl(crl), crl, "signature");
    }

    @Test
    void garbageCrlIsRefused() throws Exception {
        Path crl = dir.resolve("crl.pem");
        Files.writeString(crl, "hello\n");
        openFails(TlsConfig.of(host[0], host[1], pki.caBundle()).withCrl(crl), crl, "no PEM data");
    }

    @Test
    void caBundleWithSeveralCasIsAccepted() throws Exception {
        TestPki two = TestPki.create(dir.resolve("two"), "CA two");
        Path bundle = TestPki.writeBundle(dir.resolve("bundle.pem"), pki, two);
        pki.writeCrl();
        ServerTlsContext.open(TlsConfig.of(host[0], host[1], bundle).withCrl(pki.crl()), new MetricRegistry()).close();
    }

    @Test
    void configDefaultsAndValidation() {
        TlsConfig d = TlsConfig.of(host[0], host[1], pki.caBundle());
        assertEquals(List.of("TLSv1.3"), d.protocols());
        assertEquals(Duration.ofSeconds(10), d.reloadInterval());
        assertEquals(Duration.ofSeconds(10), d.handshakeTimeout());
        assertEquals(List.of(), d.allow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> d.withProtocols(List.of("TLSv1.3", "TLSv1.1")));
        assertTrue(e.getMessage().contains("protocols[1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.withHandshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withReloadInterval(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> d.withAllow(List.of(" ")));
        assertThrows(IllegalArgumentException.class, () -> TlsConfig.of(null, host[1], pki.caBundle()));
    }
}
