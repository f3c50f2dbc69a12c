package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Putting an older CRL (lower cRLNumber) in place of the current one must not un-revoke a client: not
 * when the running host-agent reloads it, and not when the host-agent restarts with it (the newest CRL
 * seen is kept in its state-dir). Real certs CLI, real host-agent JVMs, real openssl clients.
 */
class CrlRollbackIT {
    @TempDir
    Path dir;
    Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private boolean accepted(int port, String client) {
        return Cli.opensslEgdAccepted(dir, port, fleet.cert(client), fleet.key(client), fleet.caBundle());
    }

    private static long count(AgentProcess p, String text) {
        return p.output().lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void anOlderCrlIsRefusedOnReloadAndAfterARestart() throws Exception {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-c").issueClient("client-x").issueClient("client-ok");
        fleet.certs("crl").ok();
        Path older = Files.copy(fleet.crl(), dir.resolve("older.crl"));
        fleet.certs("revoke", "client-x").ok();
        fleet.certs("crl").ok();

        int port = Ports.free();
        int metrics = Ports.free();
        Path config = fleet.writeHostConfig("host-c", port, metrics, Fleet.urandomSource(8), null);
        AgentProcess host = fleet.startHost("host-c", config, port, metrics);
        assertFalse(accepted(port, "client-x"), "revoked client refused by the current CRL");
        assertTrue(accepted(port, "client-ok"), "another client served");

        Files.copy(older, fleet.crl(), StandardCopyOption.REPLACE_EXISTING);
        host.signal("HUP");
        host.awaitLog(Duration.ofSeconds(30), "event=crl-rollback-refused");
        assertFalse(accepted(port, "client-x"), "still refused after the older CRL was put back and reloaded");

        host.terminate(Duration.ofSeconds(20));
        AgentProcess restarted = fleet.startHost("host-c-restarted", config, port, metrics);
        assertTrue(count(restarted, "event=crl-rollback-refused") >= 1, restarted.output());
        assertFalse(accepted(port, "client-x"), "still refused after a restart with the older CRL on disk");
        assertTrue(accepted(port, "client-ok"), "another client still served after the restart");
    }
}
