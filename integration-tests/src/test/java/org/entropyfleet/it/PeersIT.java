package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.Cli;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.Stunnel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Peers we did not write: stunnel4 and a plain EGD client, ekeyd-egd-linux, openssl s_client. */
class PeersIT {
    @TempDir
    static Path dir;
    static Fleet fleet;
    static int hostPort;
    static int hostMetrics;
    static int clientMetrics;
    static int localEgd;

    @BeforeAll
    static void start() {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-p").issueClient("client-stunnel").issueClient("client-agent");
        hostPort = Ports.free();
        hostMetrics = Ports.free();
        fleet.startHost("host-p", fleet.writeHostConfig("host-p", hostPort, hostMetrics, Fleet.urandomSource(8), null),
                hostPort, hostMetrics);
        clientMetrics = Ports.free();
        localEgd = Ports.free();
        fleet.startClient("client-agent",
                fleet.writeClientConfig("client-agent", List.of(hostPort), clientMetrics, localEgd, "off", null),
                clientMetrics);
        Poll.until(Fleet.START_TIMEOUT, "local EGD endpoint", () -> Ports.accepting("127.0.0.1", localEgd));
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void stunnelClientModeWithAPlainEgdClientGetsCorrectReplies() throws Exception {
        int accept = Ports.free();
        Stunnel.client(fleet, "stunnel-client", "client-stunnel", accept, hostPort);
        try (EgdSocket egd = new EgdSocket("127.0.0.1", accept, 30_000)) {
            long bits = egd.bitsAvailable();
            assertTrue(bits >= 0 && bits <= 0xFFFFFFFFL);
            byte[] a = egd.readBlocking(64);
            byte[] b = egd.readBlocking(64);
            assertEquals(64, a.length);
            assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
            assertTrue(egd.readNonBlocking(32).length <= 32);
            assertTrue(egd.pid().matches("-?\\d+"));
        }
    }

    @Test
    void ekeydEgdLinuxConnectsToTheLocalEndpointAndStaysConnected() {
        AgentProcess egdLinux = fleet.own(AgentProcess.start("egd-linux", dir,
                List.of("/usr/sbin/ekeyd-egd-linux", "-H", "127.0.0.1", "-p", Integer.toString(localEgd))));
        Poll.until(Duration.ofSeconds(20), "egd-linux to connect", () -> established(localEgd));
        // kernels ≥ 5.18 never poll /dev/random writable after CRNG init, so egd-linux connects and waits:
        // the connection must stay up (no idle timeout on local endpoints).
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Poll.until(Duration.ofSeconds(10), "5 s with egd-linux still connected", () -> {
            if (!egdLinux.alive() || !established(localEgd)) {
                throw new AssertionError("egd-linux lost its connection:\n" + egdLinux.output());
            }
            return System.nanoTime() > until;
        });
    }

    @Test
    void opensslSClientProbesOfRefusals() {
        // a good client certificate completes a TLS 1.3 handshake and verifies the host
        Cli good = Cli.run(dir, List.of("sh", "-c", "echo | openssl s_client -connect 127.0.0.1:" + hostPort
                + " -tls1_3 -verify_return_error -verify_hostname localhost"
                + " -cert " + fleet.cert("client-stunnel") + " -key " + fleet.key("client-stunnel")
                + " -CAfile " + fleet.caBundle()));
        assertTrue(good.output().contains("Verify return code: 0"), good.output());
        // TLS 1.2 is refused by default
        Cli tls12 = Cli.run(dir, List.of("sh", "-c", "echo | openssl s_client -connect 127.0.0.1:" + hostPort
                + " -tls1_2 -cert " + fleet.cert("client-stunnel") + " -key " + fleet.key("client-stunnel")
                + " -CAfile " + fleet.caBundle()));
        assertNotEquals(0, tls12.exitCode(), tls12.output());
        // TLS 1.1 is refused
        Cli tls11 = Cli.run(dir, List.of("sh", "-c", "echo | openssl s_client -connect 127.0.0.1:" + hostPort
                + " -tls1_1 -CAfile " + fleet.caBundle()));
        assertNotEquals(0, tls11.exitCode(), tls11.output());
        // no client certificate: the handshake may finish on the client side under TLS 1.3, but the server
        // then refuses, so no EGD reply ever arrives (the bits-available request gets no 4-byte answer)
        Cli noCert = Cli.run(dir, List.of("sh", "-c", "printf '\\000' | openssl s_client -quiet -connect 127.0.0.1:"
                + hostPort + " -tls1_3 -CAfile " + fleet.caBundle() + " | wc -c"));
        assertEquals("0", noCert.output().lines().reduce((x, y) -> y).orElse("").trim(), noCert.output());
        // a plaintext EGD request on the TLS port gets no EGD reply, and the host stays up
        Cli plain = Cli.run(dir, List.of("sh", "-c", "printf '\\000' | timeout 15 python3 -c \"import socket,sys;"
                + "s=socket.create_connection(('127.0.0.1'," + hostPort + "));s.sendall(b'\\x00');s.settimeout(12);"
                + "d=s.recv(64);print('got',len(d))\""));
        assertTrue(plain.output().contains("got 0") || plain.output().contains("Error") || plain.output().contains("reset"),
                plain.output());
        assertTrue(Ports.accepting("127.0.0.1", hostPort));
    }

    private static boolean established(int port) {
        Cli ss = Cli.run(dir, List.of("ss", "-Htn", "state", "established", "( sport = :" + port + " )"));
        return !ss.output().isBlank();
    }
}
