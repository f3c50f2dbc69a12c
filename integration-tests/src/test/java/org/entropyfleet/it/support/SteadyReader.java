package org.entropyfleet.it.support;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local program reading a client-agent's EGD endpoint without pause, as QEMU's rng-egd would:
 * the fault tests assert it keeps making progress and never sees an error while hosts fail.
 */
public final class SteadyReader implements AutoCloseable {
    private static final int BATCH = 2048;

    private final AtomicBoolean on = new AtomicBoolean(true);
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final AtomicLong bytes = new AtomicLong();
    private final ByteArrayOutputStream kept;
    private final Thread thread;

    private SteadyReader(int port, boolean keep) {
        this.kept = keep ? new ByteArrayOutputStream() : null;
        this.thread = new Thread(() -> run(port), "steady-reader-" + port);
    }

    /** Starts reading; {@code keep} retains every byte read, for uniqueness checks. */
    public static SteadyReader start(int port, boolean keep) {
        SteadyReader r = new SteadyReader(port, keep);
        r.thread.start();
        return r;
    }

    private void run(int port) {
        try (EgdSocket egd = new EgdSocket("127.0.0.1", port, 60_000)) {
            ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH);
            while (on.get()) {
                batch.reset();
                EgdReader.collect(egd, BATCH, batch);
                bytes.addAndGet(batch.size());
                if (kept != null) {
                    synchronized (kept) {
                        batch.writeTo(kept);
                    }
                }
            }
        } catch (Throwable t) {
            error.set(t);
        }
    }

    public long bytes() {
        return bytes.get();
    }

    public Throwable error() {
        return error.get();
    }

    /** Waits until at least {@code atLeast} more bytes arrived, and fails if the reader saw an error. */
    public void awaitProgress(Duration within, long atLeast, String what) {
        long before = bytes.get();
        Poll.until(within, what, () -> {
            if (error.get() != null) {
                throw new AssertionError("the local reader saw an error during: " + what, error.get());
            }
            return bytes.get() >= before + atLeast;
        });
        assertNull(error.get(), "the local reader saw an error");
    }

    public byte[] kept() {
        if (kept == null) {
            throw new IllegalStateException("started without keep");
        }
        synchronized (kept) {
            return kept.toByteArray();
        }
    }

    @Override
    public void close() throws InterruptedException {
        on.set(false);
        thread.join(70_000);
    }
}
