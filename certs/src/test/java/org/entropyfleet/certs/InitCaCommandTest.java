package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitCaCommandTest {
    @TempDir
    Path tmp;

    @Test
    void createsCaWithPrivateKeyAndPublishesTrustFiles() throws Exception {
        Path pki = tmp.resolve("pki");
        Cli.Result r = new Cli(pki).run("init-ca").ok();

        assertEquals("rw-------", Cli.mode(pki.resolve("ca/ca.key")));
        assertEquals("rwx------", Cli.mode(pki.resolve("ca")));
        assertEquals("01", Files.readString(pki.resolve("ca/serial")).trim());
        assertTrue(Files.readString(pki.resolve("ca/index.tsv")).startsWith("# serial"));
        X509Certificate ca = Pem.readCertificate(pki.resolve("ca/ca.crt"));
        assertEquals("CN=entropy-fleet CA", ca.getSubjectX500Principal().getName());
        assertEquals(0, ca.getBasicConstraints());
        assertEquals(256, ((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertArrayEquals(ca.getEncoded(), Pem.readCertificate(pki.resolve("ca-bundle.pem")).getEncoded());
        assertEquals(1, Pem.readCrls(pki.resolve("ca.crl")).size());
        String key = Files.readString(pki.resolve("ca/ca.key"));
        assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----"));
        // the key is never printed
        String body = key.lines().skip(1).findFirst().orElseThrow();
        assertFalse(r.out().contains(body) || r.err().contains(body));
        assertFalse(r.out().contains("PRIVATE KEY"));
    }

    @Test
    void keyTypesAreSelectable() {
        new Cli(tmp.resolve("p384")).run("init-ca", "--key-type", "ec-p384").ok();
        new Cli(tmp.resolve("rsa")).run("init-ca", "--key-type", "rsa-3072").ok();
        X509Certificate p384 = Pem.readCertificate(tmp.resolve("p384/ca/ca.crt"));
        X509Certificate rsa = Pem.readCertificate(tmp.resolve("rsa/ca/ca.crt"));
        assertEquals(384, ((ECPublicKey) p384.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals("SHA384WITHECDSA", p384.getSigAlgName().toUpperCase());
        assertEquals(3072, ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength());
    }

    @Test
    void nameIsAnAliasOfCn() {
        new Cli(tmp.resolve("n")).run("init-ca", "--name", "Example CA").ok();
        assertEquals("CN=Example CA", Pem.readCertificate(tmp.resolve("n/ca/ca.crt")).getSubjectX500Principal().getName());
    }

    @Test
    void unknownKeyTypeIsAUsageError() {
        Cli.Result r = new Cli(tmp.resolve("x")).run("init-ca", "--key-type", "dsa-1024").expect(2);
        assertTrue(r.err().contains("dsa-1024"), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void secondInitLeavesExistingCaAlone() throws Exception {
        Cli cli = new Cli(tmp.resolve("pki"));
        cli.run("init-ca").ok();
        byte[] before = Files.readAllBytes(tmp.resolve("pki/ca/ca.key"));
        Cli.Result r = cli.run("init-ca", "--key-type", "rsa-3072").ok();
        assertTrue(r.out().contains("already exists"), r.out());
        assertArrayEquals(before, Files.readAllBytes(tmp.resolve("pki/ca/ca.key")));
    }

    @Test
    void passphraseEncryptsTheKeyAndWrongPassphraseIsNamed() throws Exception {
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "correct horse\n");
        Path wrong = tmp.resolve("wrong");
        Files.writeString(wrong, "battery staple\n");
        Cli cli = new Cli(tmp.resolve("pki"));
        cli.run("init-ca", "--passphrase-file", pass.toString()).ok();
        assertTrue(Files.readString(tmp.resolve("pki/ca/ca.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));

        Cli.Result noPass = cli.run("issue", "client", "c1").expect(2);
        assertTrue(noPass.err().contains("ca.key: key is encrypted; pass --passphrase-file"), noPass.err());
        Cli.Result bad = cli.run("issue", "client", "c1", "--passphrase-file", wrong.toString()).expect(2);
        assertTrue(bad.err().contains("ca.key: wrong passphrase"), bad.err());
        assertFalse(Files.exists(tmp.resolve("pki/issued/c1.crt")));
        cli.run("issue", "client", "c1", "--passphrase-file", pass.toString()).ok();
        assertTrue(Files.exists(tmp.resolve("pki/issued/c1.crt")));
    }

    @Test
    void corruptCaCertificateIsAUsageErrorNamingTheFile() throws Exception {
        Cli cli = new Cli(tmp.resolve("pki"));
        cli.run("init-ca").ok();
        Files.writeString(tmp.resolve("pki/ca/ca.crt"), "-----BEGIN CERTIFICATE-----\nnot base64!!\n-----END CERTIFICATE-----\n");
        Cli.Result r = cli.run("issue", "client", "c1").expect(2);
        assertTrue(r.err().contains("ca.crt"), r.err());
    }
}
