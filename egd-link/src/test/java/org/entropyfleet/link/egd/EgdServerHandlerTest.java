package org.entropyfleet.link.egd;

import static org.entropyfleet.link.egd.Frames.bytes;
import static org.entropyfleet.link.egd.Frames.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server pipeline over real loopback sockets, driven by a plain blocking-socket client. */
class EgdServerHandlerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final EgdServerOptions OPTIONS =
            new EgdServerOptions(Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(10));

    private final PoolBackend backend = new PoolBackend();
    private EgdServer server;
    private Socket socket;

    private DataInputStream connect(EgdServerOptions options) throws Exception {
        server = new EgdServer(backend, options);
        socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return new DataInputStream(socket.getInputStream());
    }

    private void send(byte[] b) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(b);
        out.flush();
    }

    private static byte[] read(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Reads until the server closes; returns how many bytes came first. */
    private static int readToEof(InputStream in) throws IOException {
        int n = 0;
        while (in.read() >= 0) {
            n++;
        }
        return n;
    }

    @AfterEach
    void tearDown() throws IOException {
        if (socket != null) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersEveryCommand() throws Exception {
        DataInputStream in = connect(OPTIONS);
        byte[] fed = Frames.pattern(100, 9);
        backend.feed(fed);

        send(bytes(0x00));
        assertEquals(800, in.readInt());
        send(bytes(0x01, 10));
        assertEquals(10, in.readUnsignedByte());
        assertArrayEquals(java.util.Arrays.copyOfRange(fed, 0, 10), read(in, 10));
        send(bytes(0x02, 5));
        assertArrayEquals(java.util.Arrays.copyOfRange(fed, 10, 15), read(in, 5));
        send(bytes(0x04));
        int len = in.readUnsignedByte();
        assertEquals("4242", new String(read(in, len), StandardCharsets.US_ASCII));
        send(bytes(0x03, 0x00, 0x10, 0x02, 0xaa, 0xbb));
        send(bytes(0x01, 0));
        assertEquals(0, in.readUnsignedByte());
        assertEquals(1, backend.contributions().size());
        PoolBackend.Contribution c = backend.contributions().get(0);
        assertEquals(16, c.bits());
        assertEquals(2, c.length());
        assertTrue(c.peer().startsWith("local:"), c.peer());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderBehindABlockingRead() throws Exception {
        DataInputStream in = connect(OPTIONS);
        send(concat(bytes(0x02, 32), bytes(0x00), bytes(0x01, 4), bytes(0x04)));
        Poll.until(WAIT, "the blocking take", () -> backend.waiting() == 1);
        byte[] fed = Frames.pattern(40, 1);
        backend.feed(fed);
        assertArrayEquals(java.util.Arrays.copyOfRange(fed, 0, 32), read(in, 32));
        assertEquals(64, in.readInt());
        assertEquals(4, in.readUnsignedByte());
        assertArrayEquals(java.util.Arrays.copyOfRange(fed, 32, 36), read(in, 4));
        assertEquals(4, in.readUnsignedByte());
        assertEquals("4242", new String(read(in, 4), StandardCharsets.US_ASCII));
    }

    @Test
    void manyPipelinedRequestsSurviveBackpressure() throws Exception {
        DataInputStream in = connect(OPTIONS);
        int n = 200;
        byte[] burst = new byte[2 + n];
        burst[0] = 0x02;
        burst[1] = 8;
        send(burst);
        Poll.until(WAIT, "the blocking take", () -> backend.waiting() == 1);
        backend.feed(Frames.pattern(8, 2));
        assertArrayEquals(Frames.pattern(8, 2), read(in, 8));
        for (int i = 0; i < n; i++) {
            assertEquals(0, in.readInt(), "reply " + i);
        }
        send(bytes(0x04));
        assertEquals(4, in.readUnsignedByte());
    }

    @Test
    void aWindowOfBlockingReadsIsServedByOneTakeInOrder() throws Exception {
        backend.serveRuns(true);
        DataInputStream in = connect(OPTIONS);
        byte[] fed = Frames.pattern(64 * 32 + 8, 4);
        backend.feed(fed);
        byte[] window = new byte[2 * 64];
        for (int i = 0; i < 64; i++) {
            window[2 * i] = 0x02;
            window[2 * i + 1] = 32;
        }
        send(concat(window, bytes(0x00)));
        assertArrayEquals(java.util.Arrays.copyOfRange(fed, 0, 64 * 32), read(in, 64 * 32));
        assertEquals(64, in.readInt());   // 8 bytes left, and the 0x00 behind the run answered after it
        // one socket read normally holds the whole window; however it was split, every read was answered once
        assertTrue(backend.runReads() >= 2, "reads served in runs: " + backend.runReads());
        assertEquals(64, backend.runReads() + backend.takes());
    }

    @Test
    void aConnectionWhoseRunWasAnsweredGoesIdle() throws Exception {
        backend.serveRuns(true);
        DataInputStream in = connect(new EgdServerOptions(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)));
        byte[] fed = Frames.pattern(3 * 100, 2);
        backend.feed(fed);
        send(concat(bytes(0x02, 100), bytes(0x02, 100), bytes(0x02, 100)));
        assertArrayEquals(fed, read(in, 300));
        // every read of the run counted as answered: the idle clock closes the connection
        assertEquals(0, readToEof(in));
    }

    @Test
    void aRunThePoolCannotCoverIsServedReadByReadAsItArrives() throws Exception {
        backend.serveRuns(true);
        DataInputStream in = connect(OPTIONS);
        send(concat(bytes(0x02, 16), bytes(0x02, 16), bytes(0x02, 16)));
        Poll.until(WAIT, "the first read waiting", () -> backend.waiting() == 1);
        byte[] first = Frames.pattern(16, 6);
        backend.feed(first);
        // the first read is answered with 16 bytes although the run's 48 are not there
        assertArrayEquals(first, read(in, 16));
        Poll.until(WAIT, "the second read waiting", () -> backend.waiting() == 1);
        byte[] rest = Frames.pattern(32, 8);
        backend.feed(rest);
        assertArrayEquals(rest, read(in, 32));
        assertEquals(0, backend.runTakes());
        assertEquals(3, backend.takes());
    }

    @Test
    void blockingReadNotSatisfiedInTimeClosesAndCancelsTheTake() throws Exception {
        DataInputStream in = connect(new EgdServerOptions(Duration.ofSeconds(5), Duration.ZERO, Duration.ofMillis(300)));
        long start = System.nanoTime();
        send(bytes(0x02, 8));
        assertEquals(0, readToEof(in));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
        Poll.until(WAIT, "the take to be cancelled", () -> backend.cancelled() == 1);
        assertEquals(0, backend.waiting());
    }

    @Test
    void refusedWriteClosesAfterEarlierReplies() throws Exception {
        DataInputStream in = connect(OPTIONS);
        backend.refuseWrites("peer may not contribute");
        send(concat(bytes(0x00), bytes(0x03, 0x00, 0x08, 0x01, 0x77), bytes(0x04)));
        assertEquals(0, in.readInt());
        assertEquals(0, readToEof(in));
        assertEquals(0, backend.contributions().size());
    }

    @Test
    void unknownCommandClosesAfterEarlierRepliesWithoutGuessing() throws Exception {
        DataInputStream in = connect(OPTIONS);
        send(bytes(0x00, 0x09, 0x00));
        assertEquals(0, in.readInt());
        assertEquals(0, readToEof(in));
    }

    @Test
    void overcreditedWriteCloses() throws Exception {
        DataInputStream in = connect(OPTIONS);
        send(bytes(0x03, 0x00, 0x11, 0x02, 0x01, 0x02));
        assertEquals(0, readToEof(in));
        assertEquals(0, backend.contributions().size());
    }

    @Test
    void connectionSittingMidFrameIsClosed() throws Exception {
        DataInputStream in = connect(new EgdServerOptions(Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(10)));
        send(bytes(0x00));
        assertEquals(0, in.readInt());
        long start = System.nanoTime();
        send(bytes(0x03, 0x00));
        assertEquals(0, readToEof(in));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(300).toNanos());
    }

    @Test
    void repliesBatchedPastTheBatchBoundStayCompleteAndInOrderAndIdleClockStillRuns() throws Exception {
        DataInputStream in = connect(new EgdServerOptions(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)));
        int n = 8 * ReplyBatch.FLUSH_AT_BYTES / 255 + 7;   // several batches in one burst
        byte[] fed = Frames.pattern(n * 255, 5);
        backend.feed(fed);
        byte[] burst = new byte[2 * n + 1];
        for (int i = 0; i < n; i++) {
            burst[2 * i] = 0x01;
            burst[2 * i + 1] = (byte) 255;
        }
        burst[2 * n] = 0x04;
        send(burst);
        for (int i = 0; i < n; i++) {
            assertEquals(255, in.readUnsignedByte(), "length of reply " + i);
            assertArrayEquals(java.util.Arrays.copyOfRange(fed, i * 255, (i + 1) * 255), read(in, 255), "reply " + i);
        }
        assertEquals(4, in.readUnsignedByte());
        assertEquals("4242", new String(read(in, 4), StandardCharsets.US_ASCII));
        // every batched reply was accounted for: the connection is idle now and gets closed
        assertEquals(0, readToEof(in));
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        DataInputStream in = connect(new EgdServerOptions(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10)));
        send(bytes(0x04));
        assertEquals(4, in.readUnsignedByte());
        read(in, 4);
        assertEquals(0, readToEof(in));
    }

    @Test
    void pendingBlockingReadIsNotIdle() throws Exception {
        DataInputStream in = connect(new EgdServerOptions(Duration.ofSeconds(5), Duration.ofMillis(200), Duration.ofSeconds(10)));
        send(bytes(0x02, 4));
        Poll.until(WAIT, "the blocking take", () -> backend.waiting() == 1);
        socket.setSoTimeout(800);
        // Four idle timeouts pass with the read outstanding: neither data nor EOF may arrive.
        assertThrows(SocketTimeoutException.class, in::read);
        backend.feed(bytes(1, 2, 3, 4));
        socket.setSoTimeout((int) WAIT.toMillis());
        assertArrayEquals(bytes(1, 2, 3, 4), read(in, 4));
        // ...and once answered, the idle clock runs again.
        assertEquals(0, readToEof(in));
    }

    @Test
    void burstBeyondTheQueueBoundCloses() throws Exception {
        DataInputStream in = connect(OPTIONS);
        byte[] burst = new byte[2 + 2 * EgdLimits.MAX_QUEUED_REQUESTS];
        burst[0] = 0x02;
        burst[1] = 8;
        send(burst);
        // Closed long before the 10 s blocking-read timeout could be the reason.
        long start = System.nanoTime();
        assertEquals(0, readToEof(in));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(9).toNanos());
        Poll.until(WAIT, "the take to be cancelled", () -> backend.cancelled() == 1);
    }
}
