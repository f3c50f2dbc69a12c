package org.entropyfleet.client.cli;

import org.entropyfleet.client.testsupport.CliRun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.entropyfleet.client.testsupport.AgentConfigs;
import org.entropyfleet.link.tls.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the client's {@code check-config} catches before the agent runs: exit 2 naming FILE:LINE:COL and the key. */
class CheckConfigTest {
    @TempDir
    Path dir;
    TestPki pki;
    Path good;
    String yaml;

    @BeforeEach
    void config() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        good = AgentConfigs.write(dir, pki, "kernel: {mode: off}\n", 7776);
        yaml = Files.readString(good);
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private CliRun fails(String text, String lineText, String key) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), text);
        CliRun r = run("check-config", file.toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        int line = List.of(text.split("\n")).stream().filter(l -> l.contains(lineText)).findFirst()
                .map(l -> List.of(text.split("\n")).indexOf(l) + 1).orElseThrow();
        assertTrue(r.err().contains(file + ":" + line + ":"), "line " + line + " in: " + r.err());
        assertTrue(r.err().contains("key '" + key + "'"), r.err());
        return r;
    }

    private String withCert(Path[] crtKey) {
        return yaml.replaceFirst("  cert: .*\n", "  cert: " + crtKey[0] + "\n").replaceFirst("  key: .*\n", "  key: " + crtKey[1] + "\n");
    }

    @Test
    void goodFileWarnsOfTheCertificateExpiringWithin30Days() {
        CliRun r = run("check-config", good.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(": ok ("), r.out());
        assertTrue(r.err().contains(good + ":3:3: warning: key 'tls.cert': certificate"), r.err());
    }

    @Test
    void typoOfARequiredKey() throws Exception {
        CliRun r = fails(yaml.replace("  cert:", "  cret:"), "cret:", "tls.cret");
        assertTrue(r.err().contains("unknown key 'tls.cret'"), r.err());
    }

    @Test
    void missingCertificateFile() throws Exception {
        CliRun r = fails(yaml.replaceFirst("  cert: .*\n", "  cert: " + dir.resolve("nope.crt") + "\n"), "cert:", "tls.cert");
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void expiredCertificate() throws Exception {
        CliRun r = fails(withCert(pki.issueExpiredClient("vm-old")), "cert:", "tls.cert");
        assertTrue(r.err().contains("expired at"), r.err());
    }

    @Test
    void keyOfAnotherCertificate() throws Exception {
        CliRun r = fails(yaml.replaceFirst("  key: .*\n", "  key: " + pki.issueClient("vm-other")[1] + "\n"), "key:", "tls.key");
        assertTrue(r.err().contains("is not the key of the certificate"), r.err());
    }

    @Test
    void certificateOfAnotherCa() throws Exception {
        TestPki other = TestPki.create(dir.resolve("other"), "Other CA");
        CliRun r = fails(withCert(other.issueClient("vm-test-1")), "cert:", "tls.cert");
        assertTrue(r.err().contains("does not chain to a CA in"), r.err());
    }

    @Test
    void hostCertificateUsedForAClient() throws Exception {
        CliRun r = fails(withCert(pki.issueHost("rng1.test")), "cert:", "tls.cert");
        assertTrue(r.err().contains("lacks extended key usage clientAuth"), r.err());
    }

    @Test
    void hostEntryWithACertificateName() throws Exception {
        String named = yaml.replaceFirst("hosts: .*\n",
                "hosts:\n  - {address: \"127.0.0.1:7776\", name: rng1.example.net}\n  - \"rng2.example.net:7776\"\n");
        CliRun ok = run("check-config", Files.writeString(dir.resolve("named.yaml"), named).toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains(": ok (2 hosts"), ok.out());

        CliRun r = fails(named.replace("name: rng1.example.net", "name: \"rng1.example.net:7776\""), "address:", "hosts[0].name");
        assertTrue(r.err().contains("not a DNS name or IP address"), r.err());
    }
}
