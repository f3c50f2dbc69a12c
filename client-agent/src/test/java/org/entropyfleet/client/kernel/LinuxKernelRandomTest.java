package org.entropyfleet.client.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** Runs against this machine's real kernel (the build runs as root, so RNDADDENTROPY is allowed). */
class LinuxKernelRandomTest {
    private final MetricRegistry registry = new MetricRegistry();
    private final KernelMetrics metrics = new KernelMetrics(registry);

    @Test
    void addEntropyIsCreditedByTheKernel() throws Exception {
        byte[] data = new byte[1100]; // more than one MAX_CHUNK: exercises splitting
        new SecureRandom().nextBytes(data);
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), metrics)) {
            assertTrue(k.addEntropy(data, 1100 * 8), "RNDADDENTROPY must succeed as root");
        }
        assertEquals(1100, registry.counter(KernelMetrics.BYTES_CREDITED).getCount());
        assertEquals(8800, registry.counter(KernelMetrics.BITS_CREDITED).getCount());
        assertEquals(0, registry.counter(KernelMetrics.UNCREDITED_FALLBACK).getCount());
        assertEquals(0, registry.counter(KernelMetrics.ERRORS).getCount());
    }

    @Test
    void countersAgreeWithProcOnAModernKernel() throws Exception {
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), metrics)) {
            assertEquals(256, k.poolSize());
            assertEquals(k.entropyAvail(), k.entropyCountIoctl());
            assertTrue(k.crngReady(), "a running system's CRNG is initialised");
        }
    }

    @Test
    void reseedAndUncreditedWritesSucceed() throws Exception {
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), metrics)) {
            k.reseed();
            k.writeUncredited(new byte[64]);
        }
        assertEquals(1, registry.counter(KernelMetrics.RESEEDS).getCount());
        assertEquals(64, registry.counter(KernelMetrics.BYTES_UNCREDITED).getCount());
    }

    @Test
    void overCreditingIsRejected() throws Exception {
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), metrics)) {
            assertThrows(IllegalArgumentException.class, () -> k.addEntropy(new byte[4], 33));
        }
    }

    @Test
    void missingDeviceIsReportedWithItsPath() {
        var e = assertThrows(java.io.IOException.class, () -> LinuxKernelRandom.open(Path.of("/proc"),
                Path.of("/nonexistent/random"), Path.of("/dev/urandom"), metrics));
        assertTrue(e.getMessage().contains("/nonexistent/random"), e.getMessage());
    }
}
