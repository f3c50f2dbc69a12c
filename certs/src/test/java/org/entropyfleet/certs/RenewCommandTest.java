package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenewCommandTest extends InitializedCaTest {
    @Test
    void renewsOnlyWhatExpiresWithinTheWindowKeepingNameKindAndSans() throws Exception {
        cli.run("issue", "host", "soon.example.net", "--san", "10.1.2.3", "--days", "10", "--key-type", "ec-p384", "--combined").ok();
        cli.run("issue", "client", "later", "--days", "200").ok();
        byte[] laterBefore = Files.readAllBytes(issued.resolve("later.crt"));
        X509Certificate before = Pem.readCertificate(issued.resolve("soon.example.net.crt"));

        Cli.Result r = cli.run("renew", "--within", "30d").ok();
        assertTrue(r.out().contains("renewed 'soon.example.net' serial 01 -> 03"), r.out());
        assertFalse(r.out().contains("later"), r.out());

        X509Certificate after = Pem.readCertificate(issued.resolve("soon.example.net.crt"));
        assertEquals(before.getSubjectX500Principal(), after.getSubjectX500Principal());
        assertEquals(List.copyOf(before.getSubjectAlternativeNames()), List.copyOf(after.getSubjectAlternativeNames()));
        assertEquals(before.getExtendedKeyUsage(), after.getExtendedKeyUsage());
        assertEquals(384, ((ECPublicKey) after.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(after.getNotAfter().after(before.getNotAfter()));
        assertEquals("rw-------", Cli.mode(issued.resolve("soon.example.net.key")));
        assertTrue(Files.readString(issued.resolve("soon.example.net-combined.pem"))
                .contains(Pem.certificate(after).trim()), "combined file follows the renewal");
        assertArrayEquals(laterBefore, Files.readAllBytes(issued.resolve("later.crt")));

        Cli.Result again = cli.run("renew", "--within", "30d").ok();
        assertTrue(again.out().contains("nothing to renew within 30 days"), again.out());
        Cli.Result wide = cli.run("renew", "--within", "300d", "--dry-run").ok();
        assertTrue(wide.out().contains("would renew 'later'"), wide.out());
        assertArrayEquals(laterBefore, Files.readAllBytes(issued.resolve("later.crt")));
    }

    @Test
    void namedRenewalOnlyTouchesThoseNames() throws Exception {
        cli.run("issue", "client", "a", "--days", "10").ok();
        cli.run("issue", "client", "b", "--days", "10").ok();
        cli.run("issue", "client", "c", "--days", "200").ok();
        byte[] b = Files.readAllBytes(issued.resolve("b.crt"));
        byte[] c = Files.readAllBytes(issued.resolve("c.crt"));

        Cli.Result r = cli.run("renew", "a").ok();
        assertTrue(r.out().contains("renewed 'a'") && !r.out().contains("'b'"), r.out());
        assertArrayEquals(b, Files.readAllBytes(issued.resolve("b.crt")));

        Cli.Result notDue = cli.run("renew", "c").ok();
        assertTrue(notDue.out().contains("nothing to renew"), notDue.out());
        Cli.Result forced = cli.run("renew", "c", "--force").ok();
        assertTrue(forced.out().contains("renewed 'c'") && forced.out().contains("--force"), forced.out());
        assertFalse(java.util.Arrays.equals(c, Files.readAllBytes(issued.resolve("c.crt"))));

        assertTrue(cli.run("renew", "nobody").expect(2).err().contains("no certificate named 'nobody'"));
        assertTrue(cli.run("renew", "--force").expect(2).err().contains("--force needs the NAMEs"));
        cli.run("renew", "../x").expect(2);
    }

    @Test
    void revokedNamesAreNotRenewed() {
        cli.run("issue", "client", "gone", "--days", "5").ok();
        cli.run("revoke", "gone").ok();
        Cli.Result r = cli.run("renew").ok();
        assertTrue(r.out().contains("nothing to renew"), r.out());
    }

    @Test
    void missingCertificateFileFailsThatNameOnly() throws Exception {
        cli.run("issue", "client", "a", "--days", "5").ok();
        cli.run("issue", "client", "b", "--days", "5").ok();
        Files.delete(issued.resolve("a.crt"));
        Cli.Result r = cli.run("renew").expect(1);
        assertTrue(r.err().contains("'a'") && r.err().contains("a.crt: file not found"), r.err());
        assertTrue(r.out().contains("renewed 'b'"), r.out());
        // a's failure consumed no serial: b's renewal is 03
        List<String> list = cli.run("list").ok().out().lines().toList();
        assertTrue(list.stream().anyMatch(l -> l.startsWith("b ") && l.contains(" 03 ")), list.toString());
    }
}
