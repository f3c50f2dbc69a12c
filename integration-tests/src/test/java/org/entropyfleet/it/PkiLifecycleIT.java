package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.SteadyReader;
import org.entropyfleet.it.support.Stunnel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate life cycle under load, with only file changes on disk: CA rotation, revocation, broken files. */
class PkiLifecycleIT {
    private static final Duration RELOAD = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Fleet fleet;
    int hostPort;
    int hostMetrics;
    AgentProcess host;

    @BeforeEach
    void start() {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-r");
        fleet.certs("crl").ok();
        hostPort = Ports.free();
        hostMetrics = Ports.free();
        host = fleet.startHost("host-r", fleet.writeHostConfig("host-r", hostPort, hostMetrics,
                Fleet.urandomSource(8), null), hostPort, hostMetrics);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    /** Starts a client-agent and a reader on its local endpoint, which must never see an error. */
    private SteadyReader steadyLoad(String client) {
        int metrics = Ports.free();
        int local = Ports.free();
        fleet.startClient(client, fleet.writeClientConfig(client, List.of(hostPort), metrics, local, "off", null),
                metrics);
        Poll.until(Fleet.START_TIMEOUT, "local EGD of " + client, () -> Ports.accepting("127.0.0.1", local));
        return SteadyReader.start(local, false);
    }

    private boolean handshakeAccepted(Path cert, Path key) {
        return handshakeAccepted(cert, key, fleet.caBundle());
    }

    private boolean handshakeAccepted(Path cert, Path key, Path caFile) {
        return Cli.opensslEgdAccepted(dir, hostPort, cert, key, caFile);
    }

    @Test
    void caRotationUnderSteadyLoadRefusesNoLegitimateClient() throws Exception {
        fleet.issueClient("client-old");
        Path oldCert = Files.copy(fleet.cert("client-old"), dir.resolve("client-old-ca1.crt"));
        Path oldKey = Files.copy(fleet.key("client-old"), dir.resolve("client-old-ca1.key"));
        try (SteadyReader load = steadyLoad("client-old")) {
            load.awaitProgress(RELOAD, 4096, "steady load before rotation");

            fleet.certs("rotate-ca").ok();
            fleet.issueClient("client-new");
            assertTrue(Files.readString(fleet.caBundle()).split("BEGIN CERTIFICATE").length - 1 >= 2,
                    "the bundle holds both CAs during the overlap");
            Poll.until(RELOAD, "a new-CA client to be accepted", () ->
                    handshakeAccepted(fleet.cert("client-new"), fleet.key("client-new")));
            assertTrue(handshakeAccepted(oldCert, oldKey), "old-CA clients keep working during the overlap");
            load.awaitProgress(RELOAD, 4096, "steady load during the overlap");

            // re-issue every leaf under the new CA (the agents pick the files up without restart)
            fleet.certs("renew", "--within", "100000d").ok();
            fleet.issueHost("host-r");
            load.awaitProgress(RELOAD, 4096, "steady load after renewal");

            fleet.certs("retire-ca").ok();
            Poll.until(RELOAD, "old-CA certificates to be refused", () -> !handshakeAccepted(oldCert, oldKey));
            assertTrue(handshakeAccepted(fleet.cert("client-new"), fleet.key("client-new")));
            load.awaitProgress(RELOAD, 4096, "steady load after retire-ca");
            assertNull(load.error());
        }
        assertTrue(host.alive());
    }

    @Test
    void aRevokedClientIsRefusedAndItsOpenConnectionClosed() throws Exception {
        fleet.issueClient("client-bad");
        int accept = Ports.free();
        Stunnel.client(fleet, "stunnel-bad", "client-bad", accept, hostPort);
        try (EgdSocket egd = new EgdSocket("127.0.0.1", accept, 30_000)) {
            assertEquals(32, egd.readBlocking(32).length);
            fleet.certs("revoke", "client-bad").ok();
            fleet.certs("crl").ok();
            Poll.until(RELOAD, "the revoked client's open connection to close", egd::closedByPeer);
        }
        Poll.until(RELOAD, "the revoked client to be refused",
                () -> !handshakeAccepted(fleet.cert("client-bad"), fleet.key("client-bad")));
    }

    @Test
    void aCorruptCertFileAtReloadKeepsTheOldContext() throws Exception {
        fleet.issueClient("client-ok");
        assertTrue(handshakeAccepted(fleet.cert("client-ok"), fleet.key("client-ok")));
        Path bundle = fleet.caBundle();
        String good = Files.readString(bundle);
        Path clientTrust = Files.copy(bundle, dir.resolve("client-trust.pem"));
        int logMark = host.output().length();
        Files.writeString(bundle, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        Poll.until(RELOAD, "the host to log that it kept the old TLS context", () ->
                host.output().substring(logMark).contains("ca-bundle.pem"));
        assertTrue(handshakeAccepted(fleet.cert("client-ok"), fleet.key("client-ok"), clientTrust),
                "the old context keeps serving after a broken reload");
        Files.writeString(bundle, good);
        assertTrue(host.alive());
    }
}
