package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotateCaCommandTest extends InitializedCaTest {
    @Test
    void rotationOverlapsThenRetireDropsTheOldCa() throws Exception {
        cli.run("issue", "host", "h1.example.net").ok();
        X509Certificate oldCa = Pem.readCertificate(pki.resolve("ca/ca.crt"));

        Cli.Result rot = cli.run("rotate-ca").ok();
        assertTrue(rot.out().contains("CN=entropy-fleet CA G2"), rot.out());
        X509Certificate newCa = Pem.readCertificate(pki.resolve("ca/ca.crt"));
        assertEquals(oldCa, Pem.readCertificate(pki.resolve("ca/previous/ca.crt")));
        assertEquals("rw-------", Cli.mode(pki.resolve("ca/previous/ca.key")));
        assertEquals("rw-------", Cli.mode(pki.resolve("ca/ca.key")));
        assertEquals(List.of(newCa, oldCa), Pem.readCertificates(pki.resolve("ca-bundle.pem")));
        List<X509CRL> crls = Pem.readCrls(pki.resolve("ca.crl"));
        assertEquals(List.of(newCa.getSubjectX500Principal(), oldCa.getSubjectX500Principal()),
                crls.stream().map(X509CRL::getIssuerX500Principal).toList());
        crls.get(0).verify(newCa.getPublicKey());
        crls.get(1).verify(oldCa.getPublicKey());

        // a second rotation must wait for retire-ca
        Cli.Result busy = cli.run("rotate-ca").expect(1);
        assertTrue(busy.err().contains("rotation is already in progress"), busy.err());

        // the old CA's leaf is still listed as such; retire refuses while it is valid
        assertTrue(cli.run("list").ok().out().contains("previous"));
        Cli.Result refused = cli.run("retire-ca").expect(1);
        assertTrue(refused.err().contains("still signed by the outgoing CA: h1.example.net"), refused.err());

        // new issues and renewals use the new CA; renew picks up everything the old CA signed
        cli.run("issue", "client", "c1").ok();
        Pem.readCertificate(pki.resolve("issued/c1.crt")).verify(newCa.getPublicKey());
        Cli.Result renew = cli.run("renew").ok();
        assertTrue(renew.out().contains("renewed 'h1.example.net'") && renew.out().contains("outgoing CA"), renew.out());
        assertFalse(renew.out().contains("c1"), renew.out());
        Pem.readCertificate(pki.resolve("issued/h1.example.net.crt")).verify(newCa.getPublicKey());

        Cli.Result retire = cli.run("retire-ca").ok();
        assertTrue(retire.out().contains("retired CA 'CN=entropy-fleet CA'"), retire.out());
        assertEquals(List.of(newCa), Pem.readCertificates(pki.resolve("ca-bundle.pem")));
        assertEquals(1, Pem.readCrls(pki.resolve("ca.crl")).size());
        assertFalse(Files.exists(pki.resolve("ca/previous")));
        try (var archived = Files.list(pki.resolve("ca/retired"))) {
            Path dir = archived.findFirst().orElseThrow();
            assertTrue(Files.exists(dir.resolve("ca.crt")));
            assertFalse(Files.exists(dir.resolve("ca.key")), "retired CA key is deleted");
        }
        Cli.Result nothing = cli.run("retire-ca").expect(1);
        assertTrue(nothing.err().contains("no rotation in progress"), nothing.err());

        // next generation
        assertTrue(cli.run("rotate-ca", "--key-type", "rsa-3072").ok().out().contains("CN=entropy-fleet CA G3"));
    }

    @Test
    void retireForceStrandsCertificatesDeliberately() {
        cli.run("issue", "client", "c1").ok();
        cli.run("rotate-ca").ok();
        Cli.Result r = cli.run("retire-ca", "--force").ok();
        assertTrue(r.out().contains("no longer trusted: c1"), r.out());
        assertTrue(cli.run("list").ok().out().lines().anyMatch(l -> l.startsWith("c1") && l.endsWith("retired")));
    }

    @Test
    void rotationKeepsTheCaKeyEncrypted() throws Exception {
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "pw\n");
        Cli enc = new Cli(tmp.resolve("enc"));
        enc.run("init-ca", "--passphrase-file", pass.toString()).ok();
        enc.run("rotate-ca").expect(2);
        enc.run("rotate-ca", "--passphrase-file", pass.toString()).ok();
        assertTrue(Files.readString(tmp.resolve("enc/ca/ca.key")).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        assertTrue(Files.readString(tmp.resolve("enc/ca/previous/ca.key")).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        enc.run("crl", "--passphrase-file", pass.toString()).ok();
    }
}
