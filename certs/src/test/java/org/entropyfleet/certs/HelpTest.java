package org.entropyfleet.certs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --help} reads as a manual: layout, exit codes, defaults and examples, on stdout. */
class HelpTest {
    @Test
    void topLevelHelpDocumentsLayoutExitCodesAndEverySubcommand() {
        Cli.Result r = Cli.raw("--help").ok();
        String out = r.out();
        for (String s : new String[]{"init-ca", "issue", "renew", "revoke", "crl", "list", "rotate-ca", "retire-ca",
                "import-puppet", "check", "repair", "/etc/entropy-fleet/pki", "DIR/ca/certs/SERIAL.pem", "DIR/ca-bundle.pem", "DIR/ca.crl", "DIR/ca/ca.key",
                "DIR/ca/serial", "DIR/ca/index.tsv", "DIR/issued/NAME.crt", "DIR/issued/NAME.key",
                "DIR/issued/NAME-chain.pem", "-> tls.ca", "-> tls.crl", "Exit codes", "Examples"}) {
            assertTrue(out.contains(s), () -> "missing '" + s + "' in:\n" + out);
        }
        assertEquals("", r.err());
        Cli.Result none = Cli.raw().expect(2);
        assertTrue(none.err().contains("Missing COMMAND") && none.err().contains("init-ca"),
                () -> "no subcommand: a usage error, like the agents without --config:\n" + none.err());
        assertEquals(out, Cli.raw("help").ok().out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"init-ca", "issue", "renew", "revoke", "crl", "list", "rotate-ca", "retire-ca", "import-puppet",
            "check", "repair"})
    void everySubcommandHasDescriptionDefaultsAndExamples(String cmd) {
        String out = Cli.raw(cmd, "--help").ok().out();
        assertTrue(out.contains("Usage: certs " + cmd), out);
        assertTrue(out.lines().findFirst().orElseThrow().length() > 20, "one-line summary first: " + out);
        assertTrue(out.contains("Examples:"), out);
        if (!cmd.equals("issue")) {
            assertTrue(out.contains("--dir=DIR") && out.contains("Default: /etc/entropy-fleet/pki"), out);
        }
    }

    @Test
    void issueHelpShowsItsSubcommandsArguments() {
        String out = Cli.raw("issue", "--help").ok().out();
        assertTrue(out.contains("certs issue host") && out.contains("certs issue client"), out);
        assertTrue(out.contains("NAME") && out.contains("--san=SAN") && out.contains("--also-client")
                && out.contains("--dir=DIR"), out);
    }

    @Test
    void issueSubcommandsShowDefaults() {
        String host = Cli.raw("issue", "host", "--help").ok().out();
        assertTrue(host.contains("Default: 397") && host.contains("Default: 30d") && host.contains("Default: ec-p256"), host);
        assertTrue(host.contains("--also-client") && host.contains("--san") && host.contains("--combined"), host);
        String client = Cli.raw("help", "issue", "client").ok().out();
        assertTrue(client.contains("EKU clientAuth"), client);
        assertTrue(Cli.raw("list", "--help").ok().out().contains("--expiring=WINDOW"));
        assertTrue(Cli.raw("revoke", "--help").ok().out().contains("Default: 7d"));
        assertTrue(Cli.raw("init-ca", "--help").ok().out().contains("ec-p256, ec-p384, rsa-3072"));
    }

    @Test
    void unknownOptionIsAUsageErrorOnStderr() {
        Cli.Result r = Cli.raw("list", "--bogus").expect(2);
        assertTrue(r.err().contains("Unknown option: '--bogus'"), r.err());
        assertTrue(Cli.raw("frobnicate").expect(2).err().contains("frobnicate"));
    }
}
