package org.entropyfleet.certs;

import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.link.config.TlsConfig;
import org.entropyfleet.link.tls.ClientTlsContext;
import org.entropyfleet.link.tls.LoopbackTls;
import org.entropyfleet.link.tls.ServerTlsContext;
import org.entropyfleet.link.tls.SslProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rotation procedure end to end against a running egd-link server: the server is configured once
 * with DIR's files and never restarted or reconfigured; only 'certs' commands change files on disk and
 * the server's file polling picks them up.
 */
class CaRotationTlsTest {
    private static final String HOST = "rng1.example.net";
    private static final Duration RELOAD = Duration.ofMillis(100);

    @TempDir
    Path tmp;

    /** A copy of a client's files as they are now, so later renewals in DIR do not change it. */
    private Path[] snapshot(Path pki, String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("snap-" + name));
        Path crt = Files.copy(pki.resolve("issued/" + name + ".crt"), dir.resolve(name + ".crt"));
        Path key = Files.copy(pki.resolve("issued/" + name + ".key"), dir.resolve(name + ".key"));
        return new Path[]{crt, key};
    }

    @Test
    void serverAcceptsBothCasDuringOverlapAndRefusesTheOldOneAfterRetire() throws Exception {
        Path pki = tmp.resolve("pki");
        Cli cli = new Cli(pki);
        cli.run("init-ca").ok();
        cli.run("issue", "host", HOST, "--san", "127.0.0.1").ok();
        cli.run("issue", "client", "client-old").ok();
        cli.run("issue", "client", "client-old-revoked").ok();
        Path[] oldClient = snapshot(pki, "client-old");
        Path[] oldRevoked = snapshot(pki, "client-old-revoked");
        // clients trust a copy of the bundle with both CAs, so only the server side is under test
        Path clientTrust = tmp.resolve("client-trust.pem");

        TlsConfig serverCfg = TlsConfig.of(pki.resolve("issued/" + HOST + ".crt"), pki.resolve("issued/" + HOST + ".key"),
                pki.resolve("ca-bundle.pem")).withCrl(pki.resolve("ca.crl")).withReloadInterval(RELOAD);
        try (LoopbackTls net = new LoopbackTls();
             ServerTlsContext server = ServerTlsContext.open(serverCfg, new MetricRegistry(), SslProviders.preferred())) {
            int port = LoopbackTls.port(net.echoServer(server));

            cli.run("rotate-ca").ok();
            Files.copy(pki.resolve("ca-bundle.pem"), clientTrust);
            cli.run("issue", "client", "client-new").ok();
            Path[] newClient = snapshot(pki, "client-new");

            try (ClientTlsContext oldTls = client(oldClient, clientTrust);
                 ClientTlsContext revokedTls = client(oldRevoked, clientTrust);
                 ClientTlsContext newTls = client(newClient, clientTrust)) {
                // overlap: the reloaded bundle holds both CAs
                Await.until(() -> net.attempt(newTls, HOST, port).accepted(), () -> "new-CA client accepted after rotate-ca");
                LoopbackTls.Client oldLive = net.attempt(oldTls, HOST, port);
                assertTrue(oldLive.accepted(), "old-CA client still accepted during the overlap");

                // revocation keeps working for the old CA: its CRL is part of ca.crl
                assertTrue(net.attempt(revokedTls, HOST, port).accepted());
                cli.run("revoke", "client-old-revoked").ok();
                Await.until(() -> !net.attempt(revokedTls, HOST, port).accepted(), () -> "old-CA revocation applied");

                // renew re-issues the host certificate (and client-old in DIR) with the new CA
                cli.run("renew").ok();
                Await.until(() -> {
                    LoopbackTls.Client c = net.attempt(newTls, HOST, port);
                    return c.accepted() && c.authenticated.join().serialHex().equals(serialOf(pki, HOST));
                }, () -> "server presents its renewed certificate");
                assertTrue(net.attempt(oldTls, HOST, port).accepted(), "old-CA client still accepted after renew");

                cli.run("retire-ca").ok();
                Await.until(() -> !net.attempt(oldTls, HOST, port).accepted(), () -> "old-CA client refused after retire-ca");
                Await.until(oldLive::isClosed, () -> "live old-CA connection closed after the bundle lost the old CA");
                assertTrue(net.attempt(newTls, HOST, port).accepted(), "new-CA client still accepted");
                // the re-issued client-old from DIR (new CA) gets in again
                try (ClientTlsContext renewed = client(new Path[]{pki.resolve("issued/client-old.crt"),
                        pki.resolve("issued/client-old.key")}, clientTrust)) {
                    assertTrue(net.attempt(renewed, HOST, port).accepted());
                }
                assertFalse(net.attempt(revokedTls, HOST, port).accepted());
            }
        }
    }

    private static ClientTlsContext client(Path[] files, Path trust) throws Exception {
        return ClientTlsContext.open(TlsConfig.of(files[0], files[1], trust), new MetricRegistry(), SslProviders.preferred());
    }

    private static String serialOf(Path pki, String name) {
        return org.entropyfleet.certs.store.Pem.readCertificate(pki.resolve("issued/" + name + ".crt"))
                .getSerialNumber().toString(16);
    }
}
