package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A damaged CA database (ca/index.tsv, ca/serial, crlnumber) is refused by every signing command, found
 * by {@code check} and rebuilt by {@code repair} from the certificates and CRLs on disk.
 */
class CheckAndRepairCommandTest extends InitializedCaTest {
    private Path index() {
        return pki.resolve("ca/index.tsv");
    }

    private void assertRefused(Cli.Result r, String file) {
        assertTrue(r.err().contains("CA database damaged, nothing changed: " + pki.resolve(file)), r.err());
        assertTrue(r.err().contains("certs check --dir " + pki) && r.err().contains("certs repair --dir " + pki), r.err());
    }

    /** The only subdirectory of ca/backup, where repair kept the files it replaced. */
    private Path backup() throws Exception {
        try (Stream<Path> s = Files.list(pki.resolve("ca/backup"))) {
            List<Path> dirs = s.toList();
            assertEquals(1, dirs.size(), dirs.toString());
            return dirs.get(0);
        }
    }

    @Test
    void consistentDirectoryChecksClean() {
        cli.run("issue", "client", "a").ok();
        cli.run("issue", "client", "a", "--force").ok();
        cli.run("revoke", "a").ok();
        Cli.Result r = cli.run("check").ok();
        assertTrue(r.out().startsWith("consistent: " + pki.resolve("ca")), r.out());
        assertTrue(r.out().contains("(2 index entries, 2 certificates on disk, 2 revocations in CRLs)"), r.out());
        Cli.Result repair = cli.run("repair").ok();
        assertTrue(repair.out().contains("nothing to rewrite"), repair.out());
        assertFalse(Files.exists(pki.resolve("ca/backup")), "no backup when nothing changes");
    }

    @Test
    void truncatedIndexIsRefusedFoundAndRebuiltExactly() throws Exception {
        cli.run("issue", "host", "h1.example.net").ok();
        cli.run("issue", "client", "c1").ok();
        cli.run("issue", "client", "c1", "--force").ok();   // serial 02 superseded: only ca/certs/02.pem keeps it
        String original = Files.readString(index());
        List<String> lines = original.lines().toList();
        String truncated = lines.get(0) + "\n" + lines.get(1) + "\n";
        Files.writeString(index(), truncated);

        assertRefused(cli.run("issue", "client", "c2").expect(2), "ca/index.tsv");
        assertFalse(Files.exists(issued.resolve("c2.crt")));
        Cli.Result check = cli.run("check").expect(4);
        assertTrue(check.out().contains("damaged: " + index() + ": serial 02 of " + pki.resolve("ca/certs/02.pem")
                + " is not recorded"), check.out());
        assertTrue(check.out().contains("serial 03 of " + issued.resolve("c1.crt")), check.out());
        assertTrue(check.out().contains("2 problem(s)"), check.out());

        Cli.Result repair = cli.run("repair").ok();
        assertTrue(repair.out().contains("consistent: "), repair.out());
        assertEquals(original, Files.readString(index()), "the lost lines come back as they were");
        assertEquals(truncated, Files.readString(backup().resolve("index.tsv")));
        assertTrue(cli.run("issue", "client", "c2").ok().out().contains("serial 04"));
        cli.run("check").ok();
    }

    @Test
    void indexCutMidLineIsNamedByLineAndRepaired() throws Exception {
        cli.run("issue", "client", "a").ok();
        cli.run("issue", "client", "b").ok();
        String original = Files.readString(index());
        Files.writeString(index(), original.substring(0, original.length() - 60));
        Cli.Result check = cli.run("check").expect(4);
        assertTrue(check.out().contains(index() + ":3: expected 9 tab-separated columns"), check.out());
        assertRefused(cli.run("crl").expect(2), "ca/index.tsv:3");
        cli.run("repair").ok();
        assertEquals(original, Files.readString(index()));

        // cut inside the last column: the line still parses, but its issuer key id names no CA
        Files.writeString(index(), original.substring(0, original.length() - 11));
        assertTrue(cli.run("check").expect(4).out().contains("none of this directory's CAs"));
        cli.run("repair").ok();
        assertEquals(original, Files.readString(index()));
    }

    @Test
    void rewoundSerialIsRefusedAndMovedPastEverySerialUsed() throws Exception {
        cli.run("issue", "client", "a").ok();
        cli.run("issue", "client", "b").ok();
        cli.run("issue", "client", "c").ok();
        Files.writeString(pki.resolve("ca/serial"), "02\n");

        Cli.Result refused = cli.run("issue", "client", "d").expect(2);
        assertRefused(refused, "ca/serial");
        assertTrue(refused.err().contains("next serial is 02 but serial 03 was already issued"), refused.err());
        cli.run("renew", "a", "--force").expect(2);
        assertTrue(cli.run("check").expect(4).out().contains("the next certificate would repeat a serial"));

        Cli.Result repair = cli.run("repair").ok();
        assertTrue(repair.out().contains("repaired: " + pki.resolve("ca/serial") + ": 02 -> 04"), repair.out());
        assertEquals("02\n", Files.readString(backup().resolve("serial")));
        assertTrue(cli.run("issue", "client", "d").ok().out().contains("serial 04"));
    }

    @Test
    void repairNeverLowersACounter() throws Exception {
        cli.run("issue", "client", "a").ok();
        Files.writeString(pki.resolve("ca/serial"), "FF\n");
        Files.writeString(pki.resolve("ca/crlnumber"), "7F\n");
        cli.run("check").ok();
        assertTrue(cli.run("repair").ok().out().contains("nothing to rewrite"));
        assertEquals("FF\n", Files.readString(pki.resolve("ca/serial")));
        assertEquals("7F\n", Files.readString(pki.resolve("ca/crlnumber")));
    }

    @Test
    void indexThatLostARevocationIsRefusedBeforeACrlCouldUnrevoke() throws Exception {
        cli.run("issue", "client", "good").ok();
        cli.run("issue", "client", "bad").ok();
        String beforeRevoke = Files.readString(index());
        cli.run("revoke", "bad", "--reason", "keyCompromise").ok();
        Files.writeString(index(), beforeRevoke);   // e.g. restored from last night's copy

        Cli.Result refused = cli.run("crl").expect(2);
        assertTrue(refused.err().contains("serial 02 is revoked in") && refused.err().contains("the next CRL would un-revoke it"),
                refused.err());
        assertNotNull(Pem.readCrls(pki.resolve("ca.crl")).get(0).getRevokedCertificate(BigInteger.TWO), "CRL untouched");

        Cli.Result repair = cli.run("repair").ok();
        assertTrue(repair.out().contains("recorded the revocation of serial 02 'bad'"), repair.out());
        assertTrue(Files.readString(index()).lines().anyMatch(l -> l.startsWith("02\tbad\t") && l.contains("\trevoked\t")
                && l.contains("\tkeyCompromise\t")), Files.readString(index()));
        cli.run("crl").ok();
        X509CRL crl = Pem.readCrls(pki.resolve("ca.crl")).get(0);
        assertNotNull(crl.getRevokedCertificate(BigInteger.TWO));
        assertEquals(1, crl.getRevokedCertificates().size());
    }

    @Test
    void rewoundCrlNumberIsRefusedAndRepairedAbovePublishedOne() throws Exception {
        cli.run("crl").ok();
        cli.run("crl").ok();
        BigInteger published = crlNumber();
        Files.writeString(pki.resolve("ca/crlnumber"), "01\n");

        Cli.Result refused = cli.run("crl").expect(2);
        assertRefused(refused, "ca/crlnumber");
        assertTrue(refused.err().contains("refuse the next CRL as a rollback"), refused.err());
        cli.run("repair").ok();
        cli.run("crl").ok();
        assertEquals(published.add(BigInteger.ONE), crlNumber());
    }

    @Test
    void revocationWhoseCertificateIsGoneIsKept() throws Exception {
        cli.run("issue", "client", "x").ok();
        cli.run("revoke", "x").ok();
        Files.delete(issued.resolve("x.crt"));
        Files.delete(pki.resolve("ca/certs/01.pem"));
        Files.writeString(index(), "");
        cli.run("repair").ok();
        assertTrue(Files.readString(index()).contains("01\tserial-01\tunknown\t"), Files.readString(index()));
        cli.run("crl").ok();
        assertNotNull(Pem.readCrls(pki.resolve("ca.crl")).get(0).getRevokedCertificate(BigInteger.ONE));
        assertTrue(cli.run("issue", "client", "y").ok().out().contains("serial 02"));
    }

    private BigInteger crlNumber() {
        byte[] ext = Pem.readCrls(pki.resolve("ca.crl")).get(0).getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }
}
