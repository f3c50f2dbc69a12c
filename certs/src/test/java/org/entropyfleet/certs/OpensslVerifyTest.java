package org.entropyfleet.certs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks what this tool writes with the real {@code openssl} CLI, not just with our own parser. */
class OpensslVerifyTest extends InitializedCaTest {
    private Proc.Result verify(String name) throws Exception {
        return Proc.run(tmp, List.of("openssl", "verify", "-CAfile", pki.resolve("ca-bundle.pem").toString(),
                "-crl_check", "-CRLfile", pki.resolve("ca.crl").toString(),
                pki.resolve("issued/" + name + ".crt").toString()));
    }

    private Proc.Result text(Path crt) throws Exception {
        return Proc.run(tmp, List.of("openssl", "x509", "-in", crt.toString(), "-text", "-noout")).ok();
    }

    @Test
    void x509TextShowsEkusAndSans() throws Exception {
        cli.run("issue", "host", "rng1.example.net", "--san", "192.0.2.10", "--san", "::1").ok();
        cli.run("issue", "client", "vm-42").ok();
        cli.run("issue", "host", "tier1.example.net", "--also-client").ok();
        String host = text(pki.resolve("issued/rng1.example.net.crt")).output();
        assertTrue(host.contains("TLS Web Server Authentication"), host);
        assertTrue(!host.contains("TLS Web Client Authentication"), host);
        assertTrue(host.contains("DNS:rng1.example.net"), host);
        assertTrue(host.contains("IP Address:192.0.2.10"), host);
        assertTrue(host.contains("IP Address:0:0:0:0:0:0:0:1"), host);
        assertTrue(host.contains("CA:FALSE"), host);
        assertTrue(host.contains("Digital Signature"), host);
        String client = text(pki.resolve("issued/vm-42.crt")).output();
        assertTrue(client.contains("TLS Web Client Authentication") && !client.contains("TLS Web Server"), client);
        assertTrue(client.contains("Subject: CN = vm-42"), client);
        String tier = text(pki.resolve("issued/tier1.example.net.crt")).output();
        assertTrue(tier.contains("TLS Web Server Authentication, TLS Web Client Authentication"), tier);
        String ca = text(pki.resolve("ca/ca.crt")).output();
        assertTrue(ca.contains("CA:TRUE, pathlen:0") && ca.contains("Certificate Sign, CRL Sign"), ca);
    }

    @Test
    void verifyWithCrlCheckPassesThenFailsAfterRevoke() throws Exception {
        cli.run("issue", "client", "vm-1").ok();
        cli.run("issue", "client", "vm-2").ok();
        assertTrue(verify("vm-1").ok().output().contains(": OK"));
        cli.run("revoke", "vm-1", "--reason", "keyCompromise").ok();
        Proc.Result revoked = verify("vm-1");
        assertNotEquals(0, revoked.exitCode(), revoked.output());
        assertTrue(revoked.output().contains("certificate revoked"), revoked.output());
        verify("vm-2").ok();

        String crl = Proc.run(tmp, List.of("openssl", "crl", "-in", pki.resolve("ca.crl").toString(), "-noout", "-text"))
                .ok().output();
        assertTrue(crl.contains("Serial Number: 01") && crl.contains("Key Compromise"), crl);
        assertTrue(crl.contains("Next Update"), crl);
    }

    @Test
    void keysParseWithOpensslAndEncryptedCaKeyNeedsThePassphrase() throws Exception {
        Path pass = tmp.resolve("pass");
        Files.writeString(pass, "s3cret\n");
        Cli enc = new Cli(tmp.resolve("enc"));
        enc.run("init-ca", "--key-type", "rsa-3072", "--passphrase-file", pass.toString()).ok();
        enc.run("issue", "client", "c", "--key-type", "ec-p384", "--passphrase-file", pass.toString()).ok();
        Path caKey = tmp.resolve("enc/ca/ca.key");
        Proc.run(tmp, List.of("openssl", "pkey", "-in", caKey.toString(), "-noout", "-passin", "file:" + pass)).ok();
        Proc.Result wrong = Proc.run(tmp, List.of("openssl", "pkey", "-in", caKey.toString(), "-noout", "-passin", "pass:nope"));
        assertNotEquals(0, wrong.exitCode());
        Proc.run(tmp, List.of("openssl", "pkey", "-in", tmp.resolve("enc/issued/c.key").toString(), "-noout")).ok();
        // the leaf key and certificate belong together
        String pub1 = Proc.run(tmp, List.of("openssl", "pkey", "-in", tmp.resolve("enc/issued/c.key").toString(), "-pubout")).ok().output();
        String pub2 = Proc.run(tmp, List.of("openssl", "x509", "-in", tmp.resolve("enc/issued/c.crt").toString(), "-noout", "-pubkey")).ok().output();
        assertEquals(pub1, pub2);
        Proc.run(tmp, List.of("openssl", "verify", "-CAfile", tmp.resolve("enc/ca-bundle.pem").toString(), "-crl_check",
                "-CRLfile", tmp.resolve("enc/ca.crl").toString(), tmp.resolve("enc/issued/c.crt").toString())).ok();
    }

    @Test
    void bothCasVerifyDuringRotationAndOnlyTheNewOneAfterRetire() throws Exception {
        cli.run("issue", "client", "old").ok();
        Files.copy(pki.resolve("issued/old.crt"), tmp.resolve("old-ca-leaf.crt"));
        cli.run("rotate-ca").ok();
        cli.run("issue", "client", "new").ok();
        // overlap: the bundle trusts both CAs and ca.crl carries a CRL for each, so -crl_check passes for both
        verify("old").ok();
        verify("new").ok();
        cli.run("revoke", "old").ok();
        assertTrue(verify("old").output().contains("certificate revoked"));
        verify("new").ok();
        cli.run("retire-ca").ok();
        Proc.Result stale = Proc.run(tmp, List.of("openssl", "verify", "-CAfile", pki.resolve("ca-bundle.pem").toString(),
                tmp.resolve("old-ca-leaf.crt").toString()));
        assertNotEquals(0, stale.exitCode(), stale.output());
        verify("new").ok();
    }
}
