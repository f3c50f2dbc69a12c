package org.entropyfleet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.entropyfleet.it.support.AgentProcess;
import org.entropyfleet.it.support.EgdSocket;
import org.entropyfleet.it.support.Fleet;
import org.entropyfleet.it.support.Poll;
import org.entropyfleet.it.support.Ports;
import org.entropyfleet.it.support.Stunnel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input from an authenticated but misbehaving client (through stunnel) and from the
 * network: the host stays up, a well-behaved client is unaffected, and each rejection is logged
 * with the peer's identity.
 */
class BadInputIT {
    @TempDir
    static Path dir;
    static Fleet fleet;
    static int hostPort;
    static AgentProcess host;
    static int evil;
    static int good;

    @BeforeAll
    static void start() {
        fleet = Fleet.create(dir);
        fleet.issueHost("host-x").issueClient("client-evil").issueClient("client-good");
        hostPort = Ports.free();
        int metrics = Ports.free();
        host = fleet.startHost("host-x", fleet.writeHostConfig("host-x", hostPort, metrics, Fleet.urandomSource(8),
                "timeouts:\n  partial-frame: 2s\n"), hostPort, metrics);
        evil = Ports.free();
        good = Ports.free();
        Stunnel.client(fleet, "stunnel-evil", "client-evil", evil, hostPort);
        Stunnel.client(fleet, "stunnel-good", "client-good", good, hostPort);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
    }

    private static void assertGoodClientServed() throws Exception {
        try (EgdSocket egd = new EgdSocket("127.0.0.1", good, 30_000)) {
            assertEquals(128, egd.readBlocking(128).length);
        }
        assertTrue(host.alive(), "host-agent must stay up");
    }

    private static void assertClosedAndLogged(EgdSocket egd, int logMark, String what) {
        Poll.until(Duration.ofSeconds(15), "the host to close the connection after " + what, egd::closedByPeer);
        Poll.until(Duration.ofSeconds(10), "a log line naming client-evil after " + what,
                () -> host.output().substring(logMark).contains("client-evil"));
    }

    @Test
    void anUnknownCommandByteClosesTheConnectionWithALoggedReason() throws Exception {
        int mark = host.output().length();
        try (EgdSocket egd = new EgdSocket("127.0.0.1", evil, 20_000)) {
            egd.writeRaw(new byte[] {0x00});
            egd.readExactly(4);
            egd.writeRaw(new byte[] {0x7f, 0x01});
            assertClosedAndLogged(egd, mark, "an unknown command");
        }
        assertGoodClientServed();
    }

    @Test
    void aWriteClaimingMoreBitsThanItCarriesIsRejected() throws Exception {
        int mark = host.output().length();
        try (EgdSocket egd = new EgdSocket("127.0.0.1", evil, 20_000)) {
            // 0x03 claiming 0xFFFF bits for a 4-byte payload: more than 8 bits per byte
            egd.writeRaw(new byte[] {0x03, (byte) 0xFF, (byte) 0xFF, 0x04, 1, 2, 3, 4, 0x00});
            assertClosedAndLogged(egd, mark, "an over-claiming 0x03");
        }
        assertGoodClientServed();
    }

    @Test
    void randomBytesNeverGetAGuessedReply() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 5; round++) {
            byte[] junk = new byte[512];
            r.nextBytes(junk);
            junk[0] = (byte) (0x10 + round); // start with an invalid command so the outcome is defined
            try (EgdSocket egd = new EgdSocket("127.0.0.1", evil, 20_000)) {
                egd.writeRaw(junk);
                Poll.until(Duration.ofSeconds(15), "junk round " + round + " to be closed", egd::closedByPeer);
            }
        }
        assertGoodClientServed();
    }

    @Test
    void anUnauthorisedEntropyWriteFloodIsRefused() throws Exception {
        int mark = host.output().length();
        try (EgdSocket egd = new EgdSocket("127.0.0.1", evil, 20_000)) {
            byte[] write = new byte[4 + 32];
            write[0] = 0x03;
            write[2] = (byte) 255; // 255 bits claimed for 32 bytes
            write[3] = 32;
            try {
                for (int i = 0; i < 200; i++) {
                    egd.writeRaw(write);
                }
            } catch (java.io.IOException closedMidFlood) {
                // the host closed the connection at the first write: that is the point
            }
            assertClosedAndLogged(egd, mark, "an unauthorised 0x03");
        }
        long mentions = host.output().substring(mark).lines().filter(l -> l.contains("client-evil")).count();
        assertTrue(mentions <= 3, "the rejection is logged once, not per frame: " + mentions + " lines");
        assertGoodClientServed();
    }

    @Test
    void aHalfSentFrameIsClosedQuickly() throws Exception {
        try (EgdSocket egd = new EgdSocket("127.0.0.1", evil, 20_000)) {
            egd.writeRaw(new byte[] {0x03, 0x00}); // a write frame cut after one byte of its bit count
            long t0 = System.nanoTime();
            Poll.until(Duration.ofSeconds(15), "the slow-loris connection to be closed", egd::closedByPeer);
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).toSeconds() < 12);
        }
        assertGoodClientServed();
    }

    @Test
    void plaintextAndJunkOnTheTlsPortLeaveTheHostUp() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (Socket s = new Socket("127.0.0.1", hostPort)) {
                s.getOutputStream().write(("GET / HTTP/1.0\r\n\r\n" + i).getBytes());
                s.setSoTimeout(15_000);
                assertEquals(-1, drain(s), "no plaintext reply on the TLS port");
            } catch (java.net.SocketException reset) {
                // a reset is an acceptable refusal too
            }
        }
        assertGoodClientServed();
    }

    /** Reads until the host closes; a TLS alert may arrive first, but never an EGD reply. */
    private static int drain(Socket s) throws java.io.IOException {
        int b = s.getInputStream().read();
        while (b >= 0) {
            b = s.getInputStream().read();
        }
        return b;
    }
}
