package org.entropyfleet.client.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KernelModeTest {

    @Test
    void autoPicksModernFromReleaseOrPoolSize() {
        assertEquals(KernelMode.MODERN, KernelMode.AUTO.resolve("5.18.0", 4096));
        assertEquals(KernelMode.MODERN, KernelMode.AUTO.resolve("6.1.0-13-amd64", -1));
        assertEquals(KernelMode.MODERN, KernelMode.AUTO.resolve("10.0", -1));
        assertEquals(KernelMode.MODERN, KernelMode.AUTO.resolve("garbage", 256));
        assertEquals(KernelMode.WATERMARK, KernelMode.AUTO.resolve("5.17.15", 4096));
        assertEquals(KernelMode.WATERMARK, KernelMode.AUTO.resolve("4.18.0-513.el8.x86_64", 4096));
        assertEquals(KernelMode.WATERMARK, KernelMode.AUTO.resolve("", -1));
    }

    @Test
    void explicitModesAreKept() {
        assertEquals(KernelMode.WATERMARK, KernelMode.WATERMARK.resolve("6.1.0", 256));
        assertEquals(KernelMode.OFF, KernelMode.OFF.resolve("6.1.0", 256));
    }

    @Test
    void configNamesRoundTrip() {
        for (KernelMode m : KernelMode.values()) {
            assertEquals(m, KernelMode.fromConfig(m.configName()));
        }
        assertThrows(IllegalArgumentException.class, () -> KernelMode.fromConfig("MODERN"));
    }

    @Test
    void thisKernelIsDetectedAsModern() throws Exception {
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), new KernelMetrics(new MetricRegistry()))) {
            assertEquals(KernelMode.MODERN, KernelInfo.resolve(KernelMode.AUTO, k, Path.of("/proc")));
        }
    }
}
