package org.entropyfleet.certs;

import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevokeAndCrlCommandTest extends InitializedCaTest {
    private static long daysUntil(java.util.Date d) {
        return Duration.between(Instant.now(), d.toInstant()).toHours();
    }

    @Test
    void revokePublishesCrlWithSerialAndNextUpdate() throws Exception {
        cli.run("issue", "client", "c1").ok();
        cli.run("issue", "client", "c2").ok();
        assertNull(Pem.readCrls(pki.resolve("ca.crl")).get(0).getRevokedCertificates());

        Cli.Result r = cli.run("revoke", "c1", "--next-update", "1d").ok();
        assertTrue(r.out().contains("revoked 'c1' serial 01 (unspecified)"), r.out());
        X509CRL crl = Pem.readCrls(pki.resolve("ca.crl")).get(0);
        assertNotNull(crl.getRevokedCertificate(BigInteger.ONE));
        assertNull(crl.getRevokedCertificate(BigInteger.TWO));
        long hours = daysUntil(crl.getNextUpdate());
        assertTrue(hours >= 23 && hours <= 24, "next update in ~1 day, got " + hours + "h");
        assertArrayEquals(crl.getEncoded(), Pem.readCrls(pki.resolve("ca/crl.pem")).get(0).getEncoded());

        List<String> list = cli.run("list").ok().out().lines().toList();
        assertTrue(list.get(1).matches("c1\\s.*\\syes\\s+current"), list.get(1));
        assertTrue(list.get(2).matches("c2\\s.*\\sno\\s+current"), list.get(2));
    }

    @Test
    void revokingTwiceOrAnUnknownNameIsAnError() throws Exception {
        cli.run("issue", "client", "c1").ok();
        cli.run("revoke", "c1").ok();
        byte[] crl = Files.readAllBytes(pki.resolve("ca.crl"));
        Cli.Result twice = cli.run("revoke", "c1").expect(1);
        assertTrue(twice.err().contains("'c1' is already revoked (serial 01"), twice.err());
        assertArrayEquals(crl, Files.readAllBytes(pki.resolve("ca.crl")), "nothing rewritten");
        Cli.Result unknown = cli.run("revoke", "nobody").expect(2);
        assertTrue(unknown.err().contains("no certificate named 'nobody'"), unknown.err());
        cli.run("revoke", "bad/name").expect(2);
        cli.run("revoke", "c1x", "--reason", "because").expect(2);
    }

    @Test
    void revokeCoversSupersededCertificatesAndReissueAfterRevokeWorks() {
        cli.run("issue", "client", "c1").ok();
        cli.run("issue", "client", "c1", "--force").ok();
        Cli.Result r = cli.run("revoke", "c1").ok();
        assertTrue(r.out().contains("serial 01") && r.out().contains("serial 02"), r.out());
        Cli.Result again = cli.run("issue", "client", "c1").ok();
        assertTrue(again.out().contains("re-issued client 'c1' serial 03") && again.out().contains("revoked"), again.out());
        X509CRL crl = Pem.readCrls(pki.resolve("ca.crl")).get(0);
        assertEquals(2, crl.getRevokedCertificates().size());
    }

    @Test
    void crlRepublishesWithIncreasingNumberAndNewNextUpdate() throws Exception {
        cli.run("issue", "client", "c1").ok();
        cli.run("revoke", "c1").ok();
        X509CRL first = Pem.readCrls(pki.resolve("ca.crl")).get(0);
        Cli.Result r = cli.run("crl", "--next-update", "30d").ok();
        assertTrue(r.out().contains("1 revoked"), r.out());
        X509CRL second = Pem.readCrls(pki.resolve("ca.crl")).get(0);
        assertTrue(number(second).compareTo(number(first)) > 0);
        long hours = daysUntil(second.getNextUpdate());
        assertTrue(hours >= 30 * 24 - 1 && hours <= 30 * 24, "got " + hours + "h");
        assertNotNull(second.getRevokedCertificate(BigInteger.ONE));
        cli.run("crl", "--next-update", "0d").expect(2);
    }

    private static BigInteger number(X509CRL crl) throws Exception {
        byte[] ext = crl.getExtensionValue("2.5.29.20");
        return org.bouncycastle.asn1.ASN1Integer.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getValue();
    }
}
