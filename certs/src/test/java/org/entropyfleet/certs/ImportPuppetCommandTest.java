package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportPuppetCommandTest {
    private static final String NODE = "rng1.example.net";

    @TempDir
    Path tmp;
    FakePuppetSsldir puppet;
    Path pki;
    Cli cli;

    @BeforeEach
    void ssldir() throws Exception {
        puppet = FakePuppetSsldir.create(tmp.resolve("ssl"), NODE);
        pki = tmp.resolve("pki");
        cli = new Cli(pki);
    }

    private Cli.Result importNode(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("import-puppet", "--ssldir", puppet.root.toString(), "--certname", NODE));
        args.addAll(List.of(extra));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void convertsPuppetFilesIntoTheAgentLayout() throws Exception {
        assertTrue(Files.readString(puppet.root.resolve("private_keys/" + NODE + ".pem")).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        Cli.Result r = importNode("--combined").ok();
        assertTrue(r.out().contains("imported Puppet node '" + NODE + "'"), r.out());

        Path key = pki.resolve("issued/" + NODE + ".key");
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"), "converted to PKCS#8");
        assertEquals("rw-------", Cli.mode(key));
        assertEquals("rw-------", Cli.mode(pki.resolve("issued/" + NODE + "-combined.pem")));
        assertEquals(puppet.node, Pem.readCertificate(pki.resolve("issued/" + NODE + ".crt")));
        assertEquals(List.of(puppet.node, puppet.ca), Pem.readCertificates(pki.resolve("issued/" + NODE + "-chain.pem")));
        assertEquals(List.of(puppet.ca), Pem.readCertificates(pki.resolve("ca-bundle.pem")));
        assertTrue(Pem.readCrls(pki.resolve("ca.crl")).get(0).getRevokedCertificate(BigInteger.valueOf(99)) != null);
        assertEquals(puppet.nodeKeys.getPrivate(), Pem.readPrivateKey(key, null));

        // the real openssl accepts the converted files, CRL included
        Proc.run(tmp, List.of("openssl", "verify", "-CAfile", pki.resolve("ca-bundle.pem").toString(), "-crl_check",
                "-CRLfile", pki.resolve("ca.crl").toString(), pki.resolve("issued/" + NODE + ".crt").toString())).ok();
        Proc.run(tmp, List.of("openssl", "pkey", "-in", key.toString(), "-noout")).ok();
    }

    @Test
    void rerunRewritesOnlyWhatChanged() throws Exception {
        importNode().ok();
        Object crtInode = inode(pki.resolve("issued/" + NODE + ".crt"));
        Object crlInode = inode(pki.resolve("ca.crl"));
        Cli.Result again = importNode().ok();
        assertTrue(again.out().contains("all files already up to date"), again.out());
        assertEquals(crtInode, inode(pki.resolve("issued/" + NODE + ".crt")));

        puppet.writeCrl(BigInteger.TWO);   // Puppet revoked this very node
        Cli.Result updated = importNode().ok();
        assertTrue(updated.out().contains("1 file(s) updated"), updated.out());
        assertNotEquals(crlInode, inode(pki.resolve("ca.crl")));
        assertEquals(crtInode, inode(pki.resolve("issued/" + NODE + ".crt")));
        Proc.Result revoked = Proc.run(tmp, List.of("openssl", "verify", "-CAfile", pki.resolve("ca-bundle.pem").toString(),
                "-crl_check", "-CRLfile", pki.resolve("ca.crl").toString(), pki.resolve("issued/" + NODE + ".crt").toString()));
        assertTrue(revoked.output().contains("certificate revoked"), revoked.output());
    }

    @Test
    void ssldirDefaultsToWhatPuppetPrints() throws Exception {
        // the real puppet, pointed at a puppet.conf of ours
        Path confdir = Files.createDirectories(tmp.resolve("puppet-conf"));
        Files.writeString(confdir.resolve("puppet.conf"), "[main]\nssldir = " + puppet.root + "\n");
        List<String> print = new java.util.ArrayList<>(org.entropyfleet.certs.puppet.PuppetSsldir.PRINT_SSLDIR);
        print.addAll(List.of("--confdir", confdir.toString()));
        assertEquals(puppet.root, org.entropyfleet.certs.puppet.PuppetSsldir.locate(print).dir());

        // no --ssldir: this Debian machine's puppet answers /var/lib/puppet/ssl, which holds no such node
        Cli.Result r = cli.run("import-puppet", "--certname", "entropy-fleet-test-absent").expect(2);
        assertTrue(r.err().contains("ssldir /var/lib/puppet/ssl (from 'puppet config print ssldir')"), r.err());
        assertTrue(r.err().contains("/var/lib/puppet/ssl/"), r.err());
        assertFalse(Files.exists(pki.resolve("issued")), "nothing written");
    }

    @Test
    void mismatchedKeyForeignCertificateAndMissingFilesAreNamed() throws Exception {
        Path keyFile = puppet.root.resolve("private_keys/" + NODE + ".pem");
        byte[] goodKey = Files.readAllBytes(keyFile);
        Files.writeString(keyFile, FakePuppetSsldir.pem(FakePuppetSsldir.rsa().getPrivate()));
        Cli.Result mismatch = importNode().expect(2);
        assertTrue(mismatch.err().contains(keyFile + ": key does not belong to"), mismatch.err());
        Files.write(keyFile, goodKey);

        FakePuppetSsldir other = FakePuppetSsldir.create(tmp.resolve("other"), NODE);
        Files.copy(other.root.resolve("certs/ca.pem"), puppet.root.resolve("certs/ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Result foreign = importNode().expect(2);
        assertTrue(foreign.err().contains("not signed by any CA in"), foreign.err());
        assertFalse(Files.exists(pki.resolve("issued/" + NODE + ".crt")), "nothing written");

        Cli.Result noNode = cli.run("import-puppet", "--ssldir", puppet.root.toString(), "--certname", "absent").expect(2);
        assertTrue(noNode.err().contains("certs/ca.pem") || noNode.err().contains("absent.pem: file not found"), noNode.err());
        cli.run("import-puppet", "--ssldir", tmp.resolve("nope").toString(), "--certname", NODE).expect(2);
        cli.run("import-puppet", "--ssldir", puppet.root.toString(), "--certname", "../x").expect(2);
        cli.run("import-puppet", "--ssldir", puppet.root.toString()).expect(2);
    }

    @Test
    void missingCrlIsAWarningAndOwnCaIsRefused() throws Exception {
        Files.delete(puppet.root.resolve("crl.pem"));
        Cli.Result r = importNode().ok();
        assertTrue(r.err().contains("warning") && r.err().contains("crl.pem missing"), r.err());
        assertFalse(Files.exists(pki.resolve("ca.crl")));

        Cli own = new Cli(tmp.resolve("own"));
        own.run("init-ca").ok();
        Cli.Result refused = own.run("import-puppet", "--ssldir", puppet.root.toString(), "--certname", NODE).expect(2);
        assertTrue(refused.err().contains("has its own CA"), refused.err());
    }

    private static Object inode(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }
}
