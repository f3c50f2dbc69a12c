package org.entropyfleet.client.testsupport;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local EGD consumer for the failover tests: one loopback connection on its own thread issuing
 * 0x02 (blocking read) requests back to back until stopped, counting completed reads and keeping
 * the error that ended it, so a test can watch reads keep flowing while the agent switches hosts.
 */
public final class LocalEgdReader implements AutoCloseable {
    /** Socket read timeout: a read stuck this long ends the loop with an error the test reports. */
    static final int READ_TIMEOUT_MILLIS = 30_000;
    /** How long {@link #stopAndJoin()} waits for the reader thread. */
    static final long JOIN_MILLIS = 10_000;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private Thread thread;

    /** Connects to 127.0.0.1:{@code port} and starts reading {@code bytesPerRead} bytes per request. */
    public void start(int port, int bytesPerRead) {
        thread = new Thread(() -> run(port, bytesPerRead), "local-reader");
        thread.start();
    }

    public long reads() {
        return reads.get();
    }

    /** The error that ended the loop, or null. */
    public Throwable error() {
        return error.get();
    }

    public void stopAndJoin() throws InterruptedException {
        stop.set(true);
        thread.join(JOIN_MILLIS);
    }

    /** Tells the loop to stop without waiting (test clean-up). */
    @Override
    public void close() {
        stop.set(true);
    }

    private void run(int port, int bytesPerRead) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(READ_TIMEOUT_MILLIS);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] buf = new byte[bytesPerRead];
            byte[] request = {0x02, (byte) bytesPerRead};
            while (!stop.get()) {
                out.write(request);
                in.readFully(buf);
                reads.incrementAndGet();
            }
        } catch (Throwable t) {
            error.set(t);
        }
    }
}
