package org.entropyfleet.host.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.testutil.Hwrng;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;

class SourcesTest extends PoolFedSourceTest {
    private SourceSettings settings(String name, double h, Duration stall) {
        return new SourceSettings(name, h, stall, Duration.ofMillis(50), Duration.ofMillis(400));
    }

    private <T extends StreamSource> T started(T s) {
        watchdog.watch(s);
        s.start();
        return s;
    }

    @Test
    void readsRealHwrng() {
        Path hwrng = Hwrng.require();
        SourceSettings s = settings("hwrng", 6, Duration.ofSeconds(10));
        try (DeviceSource src = started(new DeviceSource(hwrng, s, new SourceSink("hwrng", 6, pool, metrics), metrics))) {
            Poll.until(WAIT, () -> "conditioned bytes from /dev/hwrng, gathered "
                    + src.bytesGathered(), () -> pool.available() >= 64);
            assertEquals(StreamSource.State.RUNNING, src.state());
            assertTrue(src.bytesGathered() >= 2500, "a whole FIPS block was read");
            assertTrue(metrics.counter("host.source.hwrng.conditioned-bytes").getCount() >= 64);
        }
    }

    @Test
    void fifoWriterStopsThenStallIsDetectedAndSourceRecovers() throws Exception {
        Path fifo = mkfifo("slow.fifo");
        SourceSettings s = settings("fifo", 8, Duration.ofSeconds(1));
        try (DeviceSource src = started(new DeviceSource(fifo, s, new SourceSink("fifo", 8, pool, metrics), metrics))) {
            SlowWriter w1 = new SlowWriter(fifo, 30_000);
            w1.start();
            Poll.until(WAIT, () -> "bytes from the FIFO, pool " + pool.available() + " gathered " + src.bytesGathered(), () -> pool.available() >= 64 && src.bytesGathered() == 30_000 && w1.done.get());
            Poll.until(WAIT, () -> "stall, state " + src.state(), () -> src.state() == StreamSource.State.STALLED);
            assertTrue(src.stalls() >= 1);
            long poolBefore = pool.available();
            SlowWriter w2 = new SlowWriter(fifo, 30_000);
            w2.start();
            Poll.until(WAIT, () -> "recovery, state " + src.state(), () -> src.state() == StreamSource.State.RUNNING && pool.available() > poolBefore);
            Poll.until(WAIT, "second writer finished", w2.done::get);
            assertTrue(src.reopens() >= 1);
        }
    }

    @Test
    void commandSourceIsRestartedAfterItExits() {
        SourceSettings s = settings("cmd", 8, Duration.ofSeconds(5));
        List<String> cmd = List.of("/bin/sh", "-c", "head -c 100000 /dev/urandom");
        try (CommandSource src = started(new CommandSource(cmd, s, new SourceSink("cmd", 8, pool, metrics), metrics))) {
            Poll.until(WAIT, () -> "restarts, gathered " + src.bytesGathered() + " reopens " + src.reopens(), () -> src.reopens() >= 2 && src.bytesGathered() >= 250_000);
            assertTrue(pool.available() > 100_000);
            // a rare false alarm may quarantine it for a few blocks, never more
            assertTrue(src.healthState() != SourceHealth.State.DISABLED);
        }
    }

    @Test
    void stuckSourceIsQuarantinedThenDisabledAndNothingReachesThePool() {
        SourceSettings s = settings("stuck", 6, Duration.ofSeconds(5));
        List<String> cmd = List.of("/bin/sh", "-c", "exec cat /dev/zero");
        try (CommandSource src = started(new CommandSource(cmd, s, new SourceSink("stuck", 6, pool, metrics), metrics))) {
            Poll.until(WAIT, () -> "disabled, state " + src.state(), () -> src.state() == StreamSource.State.DISABLED);
            assertEquals(SourceHealth.State.DISABLED, src.healthState());
            assertTrue(src.bytesGathered() >= 25L * 2500);
            assertEquals(0, pool.available());
            assertEquals(0, metrics.counter("host.source.stuck.conditioned-bytes").getCount());
            assertTrue(metrics.counter("host.source.stuck.health.failures.rct").getCount() > 0);
        }
    }

    @Test
    void missingDeviceIsRetriedAndPicksUpOnceItAppears() throws Exception {
        Path later = dir.resolve("later.fifo");
        SourceSettings s = settings("late", 8, Duration.ofSeconds(5));
        try (DeviceSource src = started(new DeviceSource(later, s, new SourceSink("late", 8, pool, metrics), metrics))) {
            Poll.until(WAIT, () -> "failed, state " + src.state(), () -> src.state() == StreamSource.State.FAILED);
            mkfifo("later.fifo");
            SlowWriter w = new SlowWriter(later, 10_000);
            w.start();
            Poll.until(WAIT, () -> "running, state " + src.state(), () -> src.state() == StreamSource.State.RUNNING && w.done.get());
            assertTrue(src.reopens() >= 1);
        }
    }

    private Path mkfifo(String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        assertTrue(DeviceSource.isFifo(p));
        return p;
    }

    /** Writes random bytes to a FIFO in small slices, like a slow device, then closes its end. */
    private static final class SlowWriter extends Thread {
        final Path fifo;
        final int total;
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicLong written = new AtomicLong();

        SlowWriter(Path fifo, int total) {
            super("fifo-writer");
            setDaemon(true);
            this.fifo = fifo;
            this.total = total;
        }

        @Override
        public void run() {
            SecureRandom rnd = new SecureRandom();
            byte[] slice = new byte[500];
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (written.get() < total) {
                    rnd.nextBytes(slice);
                    int n = (int) Math.min(slice.length, total - written.get());
                    out.write(slice, 0, n);
                    out.flush();
                    written.addAndGet(n);
                    Thread.sleep(2);   // pacing of the simulated slow device, not synchronisation
                }
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            } finally {
                done.set(true);
            }
        }
    }
}
