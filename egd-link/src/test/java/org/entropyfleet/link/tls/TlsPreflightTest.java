package org.entropyfleet.link.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.tls.TlsPreflight.Finding;
import org.entropyfleet.link.tls.TlsPreflight.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsPreflightTest {
    @TempDir
    Path dir;
    TestPki pki;

    @BeforeEach
    void pki() {
        pki = TestPki.create(dir.resolve("pki"));
    }

    private List<Finding> check(Path[] crtKey, Role role, String listen) {
        TlsConfig cfg = TlsConfig.of(crtKey[0], crtKey[1], pki.caBundle()).withAllow(List.of("client-*"));
        return check(cfg, role, listen);
    }

    private static List<Finding> check(TlsConfig cfg, Role role, String listen) {
        return TlsPreflight.check(cfg, role, listen, Instant.now());
    }

    private static Finding only(List<Finding> findings) {
        List<Finding> errors = findings.stream().filter(Finding::isError).toList();
        assertEquals(1, errors.size(), findings.toString());
        return errors.get(0);
    }

    @Test
    void aGoodHostCertificateHasNoErrorsButWarnsWhenItExpiresWithin30Days() {
        List<Finding> f = check(pki.issueHostValidFor(Duration.ofDays(365), "rng1.test", "127.0.0.1"), Role.SERVER,
                "rng1.test");
        assertEquals(List.of(), f);
        List<Finding> soon = check(pki.issueHostValidFor(Duration.ofDays(10), "rng2.test"), Role.SERVER, null);
        assertEquals(1, soon.size(), soon.toString());
        assertEquals(TlsPreflight.Severity.WARNING, soon.get(0).severity());
        assertTrue(soon.get(0).message().contains("expires at") && soon.get(0).message().contains("in 9 days"), soon.toString());
    }

    @Test
    void expiredAndNotYetValid() {
        Finding expired = only(check(pki.issueExpiredHost("old.test"), Role.SERVER, null));
        assertEquals("cert", expired.key());
        assertTrue(expired.message().contains("expired at"), expired.message());
        Finding early = only(check(pki.issueNotYetValidHost("new.test"), Role.SERVER, null));
        assertEquals("cert", early.key());
        assertTrue(early.message().contains("is not valid until"), early.message());
    }

    @Test
    void keyOfAnotherCertificate() {
        Path[] a = pki.issueClient("client-a");
        Path[] b = pki.issueClient("client-b");
        Finding f = only(check(new Path[] {a[0], b[1]}, Role.CLIENT, null));
        assertEquals("key", f.key());
        assertTrue(f.message().contains("is not the key of the certificate in " + a[0]), f.message());
    }

    @Test
    void certificateOfAnotherCa() {
        TestPki other = TestPki.create(dir.resolve("other"), "Other CA");
        Finding f = only(check(other.issueClient("client-a"), Role.CLIENT, null));
        assertEquals("cert", f.key());
        assertTrue(f.message().contains("does not chain to a CA in " + pki.caBundle()), f.message());
    }

    @Test
    void missingEkuForTheRole() {
        Finding host = only(check(pki.issueClient("client-a"), Role.SERVER, null));
        assertTrue(host.message().contains("lacks extended key usage serverAuth (has clientAuth)"), host.message());
        Finding client = only(check(pki.issueHost("rng1.test"), Role.CLIENT, null));
        assertTrue(client.message().contains("lacks extended key usage clientAuth (has serverAuth)"), client.message());
    }

    @Test
    void sansMustCoverANamedListenAddressButNotAWildcard() {
        Path[] host = pki.issueHost("rng1.test", "127.0.0.1", "*.fleet.test");
        for (String covered : List.of("rng1.test", "RNG1.test", "127.0.0.1", "a.fleet.test", "0.0.0.0", "::")) {
            assertEquals(List.of(), check(host, Role.SERVER, covered).stream().filter(Finding::isError).toList(), covered);
        }
        for (String not : List.of("rng2.test", "127.0.0.2", "::1", "a.b.fleet.test")) {
            Finding f = only(check(host, Role.SERVER, not));
            assertTrue(f.message().contains("do not cover the listen address '" + not + "'"), f.message());
        }
    }

    @Test
    void missingFilesAreNamedByTheirKey() throws Exception {
        Path[] c = pki.issueClient("client-a");
        TlsConfig cfg = TlsConfig.of(dir.resolve("nope.crt"), c[1], pki.caBundle()).withCrl(dir.resolve("nope.crl"));
        List<Finding> f = check(cfg, Role.CLIENT, null);
        assertEquals(List.of("cert", "crl"), f.stream().map(Finding::key).toList(), f.toString());
        assertTrue(f.get(0).message().startsWith("no such file: " + dir.resolve("nope.crt")), f.toString());
        Files.writeString(dir.resolve("garbage.key"), "not a key\n");
        Finding bad = only(check(TlsConfig.of(c[0], dir.resolve("garbage.key"), pki.caBundle()), Role.CLIENT, null));
        assertEquals("key", bad.key());
        assertTrue(bad.message().contains("no PEM data"), bad.message());
    }

    @Test
    void emptyAllowOnAHostIsAWarning() {
        Path[] host = pki.issueHostValidFor(Duration.ofDays(365), "rng1.test");
        List<Finding> f = check(TlsConfig.of(host[0], host[1], pki.caBundle()), Role.SERVER, null);
        assertEquals(1, f.size(), f.toString());
        assertEquals("allow", f.get(0).key());
        assertEquals(TlsPreflight.Severity.WARNING, f.get(0).severity());
    }
}
