package org.entropyfleet.certs;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListCommandTest {
    @TempDir
    Path tmp;
    Cli cli;

    @BeforeEach
    void initCa() {
        cli = new Cli(tmp.resolve("pki"));
        cli.run("init-ca").ok();
    }

    @Test
    void tableShowsNameKindSerialNotAfterDaysLeftRevoked() {
        cli.run("issue", "host", "h1.example.net").ok();
        cli.run("issue", "client", "c1", "--days", "20").ok();
        List<String> lines = cli.run("list").ok().out().lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("NAME\\s+KIND\\s+SERIAL\\s+NOT-AFTER\\s+DAYS-LEFT\\s+REVOKED\\s+CA"), lines.get(0));
        assertTrue(lines.get(1).matches("c1\\s+client\\s+02\\s+\\S+Z\\s+(19|20)\\s+no\\s+current"), lines.get(1));
        assertTrue(lines.get(2).matches("h1\\.example\\.net\\s+host\\s+01\\s+\\S+Z\\s+39[67]\\s+no\\s+current"), lines.get(2));
    }

    @Test
    void expiringExitsThreeOnlyWhenSomethingExpiresWithinTheWindow() {
        cli.run("issue", "host", "h1.example.net").ok();
        Cli.Result none = cli.run("list", "--expiring", "30d").ok();
        assertEquals(1, none.out().lines().count(), none.out());

        cli.run("issue", "client", "c1", "--days", "20").ok();
        Cli.Result some = cli.run("list", "--expiring", "30d").expect(3);
        assertTrue(some.out().contains("c1"), some.out());
        assertFalse(some.out().contains("h1.example.net"), some.out());
        cli.run("list", "--expiring", "10d").ok();
    }

    @Test
    void nameFilterNarrowsTheTableAndTheExpiringCheck() {
        cli.run("issue", "client", "soon", "--days", "5").ok();
        cli.run("issue", "client", "later").ok();
        cli.run("list", "--expiring", "30d").expect(3);
        Cli.Result later = cli.run("list", "--expiring", "30d", "--name", "later").ok();
        assertEquals(1, later.out().lines().count(), later.out());
        assertTrue(cli.run("list", "--expiring", "30d", "--name", "soon").expect(3).out().contains("soon"));
        Cli.Result both = cli.run("list", "--name", "soon,later").ok();
        assertEquals(3, both.out().lines().count(), both.out());
    }

    @Test
    void allIncludesSupersededCertificates() {
        cli.run("issue", "client", "c1").ok();
        cli.run("issue", "client", "c1", "--force").ok();
        assertEquals(2, cli.run("list").ok().out().lines().count());
        Cli.Result all = cli.run("list", "--all").ok();
        assertEquals(3, all.out().lines().count(), all.out());
        assertTrue(all.out().contains("superseded"), all.out());
    }

    @Test
    void crlExpiringExitsThreeOnlyWhenACrlRunsOutWithinTheWindow() throws Exception {
        assertEquals(1, cli.run("list", "--crl-expiring", "2d").ok().out().lines().count());   // init-ca: 7 days
        cli.run("crl", "--next-update", "1h").ok();
        Cli.Result soon = cli.run("list", "--crl-expiring", "2d").expect(3);
        assertTrue(soon.out().lines().skip(1).findFirst().orElseThrow().endsWith("CN=entropy-fleet CA"), soon.out());
        cli.run("list", "--crl-expiring", "30m").ok();
        Files.delete(tmp.resolve("pki/ca.crl"));
        assertTrue(cli.run("list", "--crl-expiring", "2d").expect(2).err().contains("ca.crl: file not found"));
    }

    @Test
    void badWindowIsAUsageError() {
        Cli.Result r = cli.run("list", "--expiring", "soon").expect(2);
        assertTrue(r.err().contains("'soon' is not a duration"), r.err());
    }
}
