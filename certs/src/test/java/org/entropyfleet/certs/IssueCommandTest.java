package org.entropyfleet.certs;

import org.bouncycastle.asn1.x509.GeneralName;
import org.entropyfleet.certs.store.Pem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IssueCommandTest extends InitializedCaTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    @Test
    void hostCertificateHasServerAuthSansAndFiles() throws Exception {
        Cli.Result r = cli.run("issue", "host", "rng1.example.net", "--san", "192.0.2.10,DNS:rng1", "--san", "IP:::1").ok();
        assertTrue(r.out().contains("issued host 'rng1.example.net' serial 01"), r.out());

        X509Certificate crt = Pem.readCertificate(issued.resolve("rng1.example.net.crt"));
        assertEquals("CN=rng1.example.net", crt.getSubjectX500Principal().getName());
        assertEquals(List.of(SERVER_AUTH), crt.getExtendedKeyUsage());
        assertEquals(-1, crt.getBasicConstraints());
        assertTrue(crt.getKeyUsage()[0], "digitalSignature");
        assertEquals(List.of(
                List.of(GeneralName.dNSName, "rng1"), List.of(GeneralName.dNSName, "rng1.example.net"),
                List.of(GeneralName.iPAddress, "0:0:0:0:0:0:0:1"), List.of(GeneralName.iPAddress, "192.0.2.10")),
                crt.getSubjectAlternativeNames().stream().toList());
        long days = Duration.between(Instant.now(), crt.getNotAfter().toInstant()).toDays();
        assertTrue(days == 396 || days == 397, "default validity 397 days, got " + days);

        assertEquals("rw-------", Cli.mode(issued.resolve("rng1.example.net.key")));
        assertTrue(Files.readString(issued.resolve("rng1.example.net.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        List<X509Certificate> chain = Pem.readCertificates(issued.resolve("rng1.example.net-chain.pem"));
        assertEquals(2, chain.size());
        assertArrayEquals(Pem.readCertificate(tmp.resolve("pki/ca/ca.crt")).getEncoded(), chain.get(1).getEncoded());
        crt.verify(chain.get(1).getPublicKey());
        assertEquals("02", Files.readString(tmp.resolve("pki/ca/serial")).trim());
        assertFalse(Files.exists(issued.resolve("rng1.example.net-combined.pem")));
    }

    @Test
    void clientCertificateHasClientAuthOnly() throws Exception {
        cli.run("issue", "client", "vm-42", "--days", "30").ok();
        X509Certificate crt = Pem.readCertificate(issued.resolve("vm-42.crt"));
        assertEquals(List.of(CLIENT_AUTH), crt.getExtendedKeyUsage());
        assertEquals(null, crt.getSubjectAlternativeNames());
        long days = Duration.between(Instant.now(), crt.getNotAfter().toInstant()).toDays();
        assertTrue(days == 29 || days == 30, "validity --days 30, got " + days);
    }

    @Test
    void alsoClientGivesBothEkusAndCombinedFileIsPrivate() throws Exception {
        cli.run("issue", "host", "tier1.example.net", "--also-client", "--combined").ok();
        X509Certificate crt = Pem.readCertificate(issued.resolve("tier1.example.net.crt"));
        assertEquals(List.of(SERVER_AUTH, CLIENT_AUTH), crt.getExtendedKeyUsage());
        Path combined = issued.resolve("tier1.example.net-combined.pem");
        assertEquals("rw-------", Cli.mode(combined));
        String text = Files.readString(combined);
        assertTrue(text.contains("BEGIN CERTIFICATE") && text.contains("BEGIN PRIVATE KEY"));
        assertTrue(cli.run("list").ok().out().contains("host+client"));
    }

    @Test
    void reissueIsIdempotentUnlessForcedOrChanged() throws Exception {
        cli.run("issue", "host", "h1.example.net").ok();
        byte[] key = Files.readAllBytes(issued.resolve("h1.example.net.key"));
        Cli.Result again = cli.run("issue", "host", "h1.example.net").ok();
        assertTrue(again.out().startsWith("unchanged host 'h1.example.net' serial 01"), again.out());
        assertArrayEquals(key, Files.readAllBytes(issued.resolve("h1.example.net.key")));

        Cli.Result forced = cli.run("issue", "host", "h1.example.net", "--force").ok();
        assertTrue(forced.out().contains("re-issued host 'h1.example.net' serial 02,"), forced.out());
        assertFalse(java.util.Arrays.equals(key, Files.readAllBytes(issued.resolve("h1.example.net.key"))));

        Cli.Result sanChange = cli.run("issue", "host", "h1.example.net", "--san", "10.0.0.1").ok();
        assertTrue(sanChange.out().contains("serial 03") && sanChange.out().contains("SANs change"), sanChange.out());

        // inside the renewal window: a 10-day certificate is re-issued by a plain 'issue'
        cli.run("issue", "client", "short", "--days", "10").ok();
        Cli.Result renewed = cli.run("issue", "client", "short").ok();
        assertTrue(renewed.out().contains("within the renewal window"), renewed.out());

        String index = Files.readString(tmp.resolve("pki/ca/index.tsv"));
        assertEquals(2, index.lines().filter(l -> l.contains("\th1.example.net\t") && l.contains("\tsuperseded\t")).count(), index);
    }

    @Test
    void changingTheKindOfAnExistingNameIsRefusedUnlessForced() throws Exception {
        cli.run("issue", "host", "node1.example.net").ok();
        byte[] hostCrt = Files.readAllBytes(issued.resolve("node1.example.net.crt"));
        Cli.Result refused = cli.run("issue", "client", "node1.example.net").expect(2);
        assertTrue(refused.err().contains("'node1.example.net' is a host certificate (serial 01); issuing it as client"
                + " would replace it"), refused.err());
        assertTrue(refused.err().contains("e.g. 'node1.example.net-client'") && refused.err().contains("--force"), refused.err());
        assertArrayEquals(hostCrt, Files.readAllBytes(issued.resolve("node1.example.net.crt")), "host certificate untouched");

        cli.run("issue", "client", "node1.example.net-client").ok();
        Cli.Result reverse = cli.run("issue", "host", "node1.example.net-client").expect(2);
        assertTrue(reverse.err().contains("is a client certificate") && reverse.err().contains("'node1.example.net-client-host'"),
                reverse.err());
        // adding a purpose loses nothing: host → host+client is a plain re-issue
        assertTrue(cli.run("issue", "host", "node1.example.net", "--also-client").ok().out().contains("kind changes"));

        Cli.Result forced = cli.run("issue", "client", "node1.example.net", "--force").ok();
        assertTrue(forced.out().contains("re-issued client 'node1.example.net'") && forced.out().contains("kind changes from host+client to client"),
                forced.out());
        assertEquals(List.of(CLIENT_AUTH), Pem.readCertificate(issued.resolve("node1.example.net.crt")).getExtendedKeyUsage());
    }

    @Test
    void invalidSanAndNameAreUsageErrorsAndWriteNothing() {
        Cli.Result badSan = cli.run("issue", "host", "h1.example.net", "--san", "bad_name!.example").expect(2);
        assertTrue(badSan.err().contains("invalid SAN 'bad_name!.example': not a valid DNS name or IP address"), badSan.err());
        Cli.Result badIp = cli.run("issue", "host", "h1.example.net", "--san", "IP:300.1.2.3").expect(2);
        assertTrue(badIp.err().contains("invalid SAN 'IP:300.1.2.3'"), badIp.err());
        Cli.Result badName = cli.run("issue", "client", "../evil").expect(2);
        assertTrue(badName.err().contains("invalid NAME '../evil'"), badName.err());
        Cli.Result slash = cli.run("issue", "client", "a/b").expect(2);
        assertTrue(slash.err().contains("invalid NAME 'a/b'"), slash.err());
        Cli.Result noSan = cli.run("issue", "host", "under_score").expect(2);
        assertTrue(noSan.err().contains("needs a SAN"), noSan.err());
        assertFalse(Files.exists(issued) && issued.toFile().list().length > 0);
        assertFalse(Files.exists(tmp.resolve("evil.crt")));
    }

    @Test
    void failureBeforeCommitLeavesNoFilesAndNoTemporaries() throws Exception {
        cli.run("issue", "client", "keep").ok();
        byte[] keepCrt = Files.readAllBytes(issued.resolve("keep.crt"));
        String index = Files.readString(tmp.resolve("pki/ca/index.tsv"));
        Files.writeString(tmp.resolve("pki/ca/serial"), "not hex\n");
        Cli.Result r = cli.run("issue", "client", "keep", "--force").expect(2);
        assertTrue(r.err().contains("serial: not a hex number"), r.err());
        cli.run("issue", "client", "fresh").expect(2);
        assertArrayEquals(keepCrt, Files.readAllBytes(issued.resolve("keep.crt")));
        assertEquals(index, Files.readString(tmp.resolve("pki/ca/index.tsv")));
        assertFalse(Files.exists(issued.resolve("fresh.key")));
        try (var files = Files.list(issued)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
    }

    @Test
    void concurrentRunIsRefusedWhileTheDirectoryIsLocked() {
        try (var lock = org.entropyfleet.certs.store.DirLock.acquire(tmp.resolve("pki/ca/.lock"))) {
            Cli.Result r = cli.run("issue", "client", "c1").expect(1);
            assertTrue(r.err().contains("another certs command is working on this directory"), r.err());
        }
        cli.run("issue", "client", "c1").ok();
    }

    @Test
    void hostNamedByIpAddressGetsThatIpSan() throws Exception {
        cli.run("issue", "host", "192.0.2.7").ok();
        X509Certificate crt = Pem.readCertificate(issued.resolve("192.0.2.7.crt"));
        assertEquals(List.of(List.of(GeneralName.iPAddress, "192.0.2.7")), List.copyOf(crt.getSubjectAlternativeNames()));
    }

    @Test
    void missingCaIsAUsageErrorNamingTheDirectory() {
        Cli other = new Cli(tmp.resolve("empty"));
        Cli.Result r = other.run("issue", "client", "c1").expect(2);
        assertTrue(r.err().contains("no CA in " + tmp.resolve("empty")), r.err());
        assertTrue(r.err().contains("certs init-ca"), r.err());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        Cli.Result r = Cli.raw("issue").expect(2);
        assertTrue(r.err().contains("Missing required subcommand"), r.err());
    }

    @Test
    void eachIssueHasANewSerialAndKey() throws Exception {
        cli.run("issue", "client", "a").ok();
        cli.run("issue", "client", "b").ok();
        X509Certificate a = Pem.readCertificate(issued.resolve("a.crt"));
        X509Certificate b = Pem.readCertificate(issued.resolve("b.crt"));
        assertNotEquals(a.getSerialNumber(), b.getSerialNumber());
        assertNotEquals(a.getPublicKey(), b.getPublicKey());
    }
}
