package org.entropyfleet.link.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerIdentityAndTestPkiTest {

    @TempDir
    Path dir;

    @Test
    void hostCertificateCarriesDnsAndIpSans() throws Exception {
        TestPki pki = TestPki.create(dir);
        Path[] host = pki.issueHost("rng1.test", "localhost", "127.0.0.1", "::1");
        X509Certificate cert = read(host[0]);
        cert.verify(pki.caCertificate().getPublicKey());
        PeerIdentity id = PeerIdentity.of(cert);
        assertEquals("rng1.test", id.commonName());
        assertEquals(List.of("rng1.test", "localhost"), id.dnsNames());
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), id.ipAddresses());
        assertEquals(cert.getSerialNumber().toString(16), id.serialHex());
        assertTrue(id.matches("rng*.test"));
        assertTrue(id.matches("LOCALHOST"));
        assertTrue(id.matches("127.0.0.?"));
        assertFalse(id.matches("rng2.test"));
        assertFalse(id.matches("rng1"));
        assertFalse(id.matches("rng1.test.evil"));
    }

    @Test
    void keysArePkcs8AndPrivate() throws Exception {
        TestPki pki = TestPki.create(dir);
        Path[] client = pki.issueClient("client-vm1");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(client[1])));
        assertTrue(Files.readString(client[1]).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("client-vm1", PeerIdentity.of(read(client[0])).name());
        assertTrue(PeerIdentity.of(read(client[0])).matches("client-*"));
    }

    @Test
    void crlListsRevokedSerials() throws Exception {
        TestPki pki = TestPki.create(dir);
        Path[] a = pki.issueClient("a");
        Path[] b = pki.issueClient("b");
        pki.revoke(a[0]);
        Path crlFile = pki.writeCrl();
        X509CRL crl;
        try (var in = Files.newInputStream(crlFile)) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        crl.verify(pki.caCertificate().getPublicKey());
        assertTrue(crl.isRevoked(read(a[0])));
        assertFalse(crl.isRevoked(read(b[0])));
    }

    @Test
    void expiredCertificateIsExpired() throws Exception {
        TestPki pki = TestPki.create(dir);
        X509Certificate c = read(pki.issueExpiredClient("old")[0]);
        assertTrue(c.getNotAfter().getTime() < System.currentTimeMillis());
    }

    @Test
    void bundleHoldsSeveralCas() throws Exception {
        TestPki one = TestPki.create(dir.resolve("one"), "CA one");
        TestPki two = TestPki.create(dir.resolve("two"), "CA two");
        Path bundle = TestPki.writeBundle(dir.resolve("bundle.pem"), one, two);
        try (var in = Files.newInputStream(bundle)) {
            assertEquals(2, CertificateFactory.getInstance("X.509").generateCertificates(in).size());
        }
    }

    @Test
    void compiledAllowlistAgreesWithMatches() throws Exception {
        TestPki pki = TestPki.create(dir);
        PeerIdentity id = PeerIdentity.of(read(pki.issueHost("rng1.test", "Vm-7.prod", "10.0.0.7")[0]));
        for (String glob : List.of("rng1.test", "RNG1.TEST", "vm-?.prod", "10.0.0.*", "*", "rng2.test", "vm-77.prod",
                "10.0.0.70", "rng1")) {
            assertEquals(id.matches(glob), new Allowlist(List.of(glob)).allows(id), glob);
        }
        assertTrue(new Allowlist(List.of()).allows(id), "empty allowlist accepts everyone");
        assertFalse(new Allowlist(List.of("a", "b*")).allows(id));
    }

    @Test
    void localIdentity() {
        PeerIdentity p = PeerIdentity.local("unix:/run/egd.sock");
        assertTrue(p.isLocal());
        assertEquals("local:unix:/run/egd.sock", p.name());
        assertFalse(p.matches("client-*"));
    }

    private static X509Certificate read(Path crt) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(crt)));
    }
}
