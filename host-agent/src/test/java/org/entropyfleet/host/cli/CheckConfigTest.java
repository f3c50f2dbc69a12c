package org.entropyfleet.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.entropyfleet.host.cli.CliTest.Run;
import org.entropyfleet.host.testutil.AgentFixture;
import org.entropyfleet.link.tls.TestPki;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each problem {@code check-config} must catch before the agent runs: exit 2 naming FILE:LINE:COL and the key. */
class CheckConfigTest {
    @TempDir
    Path dir;
    AgentFixture fx;

    @BeforeEach
    void fixture() {
        fx = new AgentFixture(dir);
    }

    /** Runs check-config on {@code yaml}; asserts exit 2 and an error at the line holding {@code lineText}, key {@code key}. */
    private Run fails(String yaml, String lineText, String key, String... args) {
        Path cfg = fx.write("host.yaml", yaml);
        List<String> argv = new java.util.ArrayList<>(List.of("check-config"));
        argv.addAll(List.of(args));
        argv.add(cfg.toString());
        Run r = CliTest.run(argv.toArray(String[]::new));
        assertEquals(2, r.code(), r.out() + r.err());
        int line = lineOf(yaml, lineText);
        assertTrue(r.err().contains(cfg + ":" + line + ":"), "line " + line + " in: " + r.err());
        assertTrue(r.err().contains("key '" + key + "'"), r.err());
        return r;
    }

    private static int lineOf(String yaml, String text) {
        List<String> lines = List.of(yaml.split("\n"));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + yaml);
    }

    private String config() {
        return fx.config(AgentFixture.urandomSource(), "");
    }

    private String withHostCert(Path[] crtKey) {
        return config().replace(fx.host[0].toString(), crtKey[0].toString()).replace(fx.host[1].toString(), crtKey[1].toString());
    }

    @Test
    void typoOfARequiredKeyNamesTheTypo() {
        Run r = fails(config().replace("  cert:", "  cret:"), "cret:", "tls.cret");
        assertTrue(r.err().contains("unknown key 'tls.cret' (known: "), r.err());
    }

    @Test
    void missingCertificateFile() {
        Run r = fails(config().replace(fx.host[0].toString(), dir.resolve("nope.crt").toString()), "cert:", "tls.cert");
        assertTrue(r.err().contains("no such file: " + dir.resolve("nope.crt")), r.err());
    }

    @Test
    void expiredCertificate() {
        Run r = fails(withHostCert(fx.pki.issueExpiredHost("old.test", "127.0.0.1")), "cert:", "tls.cert");
        assertTrue(r.err().contains("expired at"), r.err());
    }

    @Test
    void notYetValidCertificate() {
        Run r = fails(withHostCert(fx.pki.issueNotYetValidHost("new.test", "127.0.0.1")), "cert:", "tls.cert");
        assertTrue(r.err().contains("is not valid until"), r.err());
    }

    @Test
    void keyOfAnotherCertificate() {
        Path otherKey = fx.pki.issueHost("other.test")[1];
        Run r = fails(config().replace(fx.host[1].toString(), otherKey.toString()), "key:", "tls.key");
        assertTrue(r.err().contains("is not the key of the certificate"), r.err());
    }

    @Test
    void certificateNotChainingToTheCaBundle() {
        TestPki other = TestPki.create(dir.resolve("other"), "Other CA");
        Run r = fails(withHostCert(other.issueHost("host.test", "127.0.0.1")), "cert:", "tls.cert");
        assertTrue(r.err().contains("does not chain to a CA in " + fx.pki.caBundle()), r.err());
    }

    @Test
    void clientCertificateUsedForAHost() {
        Run r = fails(withHostCert(fx.pki.issueClient("client-x")), "cert:", "tls.cert");
        assertTrue(r.err().contains("lacks extended key usage serverAuth"), r.err());
    }

    @Test
    void sansNotCoveringTheListenAddress() {
        Run r = fails(config().replace("listen: 127.0.0.1:0\ntls", "listen: 127.0.0.2:7776\ntls"), "cert:", "tls.cert");
        assertTrue(r.err().contains("do not cover the listen address '127.0.0.2'"), r.err());
        Run wildcard = CliTest.run("check-config",
                fx.write("any.yaml", config().replace("listen: 127.0.0.1:0\ntls", "listen: 0.0.0.0:7776\ntls")).toString());
        assertEquals(0, wildcard.code(), wildcard.err());
    }

    @Test
    void deviceSourceUnreadableForTheServiceUser() throws Exception {
        // nobody must reach the file: the temp dir is created 0700
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path device = Files.writeString(dir.resolve("rng"), "x");
        Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("rw-------"));
        String yaml = fx.config("  - {type: device, path: " + device + ", min-entropy: 6}\n", "");
        Path cfg = fx.write("dev.yaml", yaml);
        assertEquals(0, CliTest.run("check-config", cfg.toString()).code(), "readable by root, who runs the test");
        Run r = fails(yaml, "type: device", "sources[0].path", "--as-user", "nobody");
        assertTrue(r.err().contains("user 'nobody' cannot open " + device + " for reading: "), r.err());
        assertTrue(r.err().contains("Permission denied"), r.err());
        Files.setPosixFilePermissions(device, PosixFilePermissions.fromString("rw-r--r--"));
        Run ok = CliTest.run("check-config", "--as-user", "nobody", cfg.toString());
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void missingDeviceSource() {
        String yaml = fx.config("  - {type: device, path: " + dir.resolve("no-rng") + ", min-entropy: 6}\n", "");
        Run r = fails(yaml, "type: device", "sources[0].path");
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void expiringCertificateAndEmptyAllowAreWarningsOnly() {
        // the fixture's host certificate is valid for 30 days
        String yaml = config().replaceFirst("  allow: .*\n", "");
        Path cfg = fx.write("warn.yaml", yaml);
        Run r = CliTest.run("check-config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("OK"), r.out());
        assertTrue(r.err().contains(cfg + ":" + lineOf(yaml, "cert:") + ":3: warning: key 'tls.cert': certificate"), r.err());
        assertTrue(r.err().contains("expires at"), r.err());
        assertTrue(r.err().contains(cfg + ":" + lineOf(yaml, "tls:") + ":1: warning: key 'tls.allow': empty"), r.err());
    }
}
