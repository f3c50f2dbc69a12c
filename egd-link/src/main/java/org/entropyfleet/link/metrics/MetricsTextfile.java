package org.entropyfleet.link.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registry in a {@code .prom} file for node_exporter's textfile collector: written to a
 * temporary name in the same directory, then renamed over the file, so the collector never reads
 * half a file (it only reads names ending in {@code .prom}). Runs on its own thread: file I/O never
 * on an event loop. The file is removed on close, so a stopped agent's last figures do not live on
 * as current ones.
 */
public final class MetricsTextfile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsTextfile.class);

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> READABLE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");

    private final PrometheusExposition exposition;
    private final Path file;
    private final Path temp;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;

    private MetricsTextfile(PrometheusExposition exposition, Path dir, String agent) {
        this(exposition, dir, agent, true);
    }

    private MetricsTextfile(PrometheusExposition exposition, Path dir, String agent, boolean periodic) {
        this.exposition = exposition;
        this.file = dir.resolve("entropy-fleet-" + agent + ".prom");
        this.temp = dir.resolve(".entropy-fleet-" + agent + ".prom.tmp");
        this.timer = !periodic ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-textfile");
            t.setDaemon(true);
            return t;
        });
    }

    /** Writes the file now (failing if the directory is not writable) and every {@code interval}. */
    public static MetricsTextfile start(PrometheusExposition exposition, Path dir, String agent, Duration interval)
            throws IOException {
        MetricsTextfile t = new MetricsTextfile(exposition, dir, agent);
        t.write();
        long ms = interval.toMillis();
        t.timer.scheduleWithFixedDelay(t::writeLogged, ms, ms, TimeUnit.MILLISECONDS);
        LOG.info("event=metrics-textfile file={} interval={}", t.file, interval);
        return t;
    }

    /**
     * Writes the file once and leaves it (for a one-shot command such as {@code client-agent seed}, whose
     * figures must outlive it until its next run); returns its path.
     */
    public static Path writeOnce(PrometheusExposition exposition, Path dir, String agent) throws IOException {
        MetricsTextfile t = new MetricsTextfile(exposition, dir, agent, false);
        t.write();
        return t.file;
    }

    /** The file node_exporter reads. */
    public Path file() {
        return file;
    }

    void write() throws IOException {
        Files.writeString(temp, exposition.write(), StandardCharsets.UTF_8);
        // The agents run with UMask=0077; node_exporter runs as another user and must read the file.
        Files.setPosixFilePermissions(temp, READABLE);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void writeLogged() {
        try {
            write();
            if (failing) {
                failing = false;
                LOG.info("event=metrics-textfile-recovered file={}", file);
            }
        } catch (IOException | RuntimeException e) {
            // once per outage, not once per interval
            if (!failing) {
                failing = true;
                LOG.warn("event=metrics-textfile-failed file={} error={}", file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            Files.deleteIfExists(file);
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("event=metrics-textfile-not-removed file={} error={}", file, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
