package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.Cli.Resumption;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session tickets outlive a host-agent restart (their keys are kept in state-dir, 0600), and a
 * resumed session is still checked against the current CRL and allowlist: a client revoked or dropped
 * from the allowlist after it got its ticket cannot resume. Real host-agent JVMs, real openssl clients.
 */
class SessionResumptionIT {
    @TempDir
    Path dir;
    Fleet fleet;

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private Resumption connect(int port, String client, boolean resume, AgentProcess host) {
        Path session = dir.resolve(client + ".session");
        return Cli.opensslResumption(dir, port, fleet.cert(client), fleet.key(client), fleet.caBundle(),
                resume ? session : null, resume ? dir.resolve(client + ".session.next") : session, host.pid());
    }

    /** Polls until the client's resumption is refused (the reload is asynchronous); returns that attempt. */
    private Resumption awaitRefused(int port, String client, AgentProcess host) {
        AtomicReference<Resumption> last = new AtomicReference<>();
        Poll.until(Duration.ofSeconds(30), client + "'s resumption to be refused", () -> {
            last.set(connect(port, client, true, host));
            return !last.get().accepted();
        });
        return last.get();
    }

    @Test
    void ticketsSurviveARestartButNotARevocationOrAnAllowlistChange() throws Exception {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-r").issueClient("client-ok").issueClient("client-x").issueClient("client-y");
        fleet.certs("crl").ok();
        int port = Ports.free();
        int metrics = Ports.free();
        // the agent ends each openssl connection 1 s after its answer (s_client -ign_eof waits for that)
        Path config = fleet.writeHostConfig("host-r", port, metrics, Fleet.urandomSource(8), "timeouts: {idle: 1s}\n");
        AgentProcess host = fleet.startHost("host-r", config, port, metrics);
        for (String client : new String[] {"client-ok", "client-x", "client-y"}) {
            assertEquals(new Resumption(true, false), connect(port, client, false, host), client + ": full handshake");
        }
        Path keys = dir.resolve("state-host-r").resolve("tls").resolve("session-ticket-keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));

        host.terminate(Duration.ofSeconds(20));
        AgentProcess again = fleet.startHost("host-r-again", config, port, metrics);
        assertEquals(new Resumption(true, true), connect(port, "client-ok", true, again), "resumed after the restart");

        fleet.certs("revoke", "client-x").ok();
        fleet.certs("crl").ok();
        Resumption revoked = awaitRefused(port, "client-x", again);
        assertTrue(revoked.reused(), "the refused attempt was a resumption (the ticket itself was still valid)");
        again.awaitLog(Duration.ofSeconds(10), "reason=revoked");

        Files.writeString(config, Files.readString(config).replace("allow: [\"client-*\"]", "allow: [\"client-ok\"]"));
        again.signal("HUP");
        Resumption disallowed = awaitRefused(port, "client-y", again);
        assertTrue(disallowed.reused(), "the refused attempt was a resumption");
        Resumption ok = connect(port, "client-ok", true, again);
        assertTrue(ok.accepted() && ok.reused(), "an allowed, unrevoked client still resumes: " + ok);
        assertFalse(again.output().contains(Files.readString(keys).split(" ")[1].substring(0, 32)), "no key material logged");
    }
}
