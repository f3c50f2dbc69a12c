package org.entropyfleet.link.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTextfileTest {
    @TempDir
    Path dir;

    @Test
    void keepsAReadableUpToDateFileAndRemovesItOnClose() throws Exception {
        MetricRegistry r = new MetricRegistry();
        r.counter("kernel.bytes-credited").inc(64);
        Path file;
        try (MetricsTextfile t = MetricsTextfile.start(new PrometheusExposition(r), dir, "client-agent",
                Duration.ofSeconds(1))) {
            file = t.file();
            assertEquals(dir.resolve("entropy-fleet-client-agent.prom"), file);
            assertTrue(Files.readString(file).contains("kernel_bytes_credited_total 64.0\n"), Files.readString(file));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            r.counter("kernel.bytes-credited").inc(64);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.readString(file).contains("kernel_bytes_credited_total 128.0\n")) {
                assertTrue(System.nanoTime() < deadline, "rewritten within its interval");
                Thread.sleep(50); // polling a file another thread replaces
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(file), files.toList(), "only the .prom file, no temporary one");
            }
        }
        assertFalse(Files.exists(file), "a stopped agent leaves no stale figures");
    }

    @Test
    void anUnwritableDirectoryFailsAtStart() {
        assertThrows(IOException.class, () -> MetricsTextfile.start(new PrometheusExposition(new MetricRegistry()),
                dir.resolve("missing"), "host-agent", Duration.ofSeconds(1)));
    }
}
