package org.entropyfleet.client.kernel;

import com.codahale.metrics.MetricRegistry;
import java.nio.file.Path;

/** Child-process entry for {@link UncreditedFallbackTest}: feeds twice, prints what happened. */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    public static void main(String[] args) throws Exception {
        MetricRegistry r = new MetricRegistry();
        try (LinuxKernelRandom k = LinuxKernelRandom.open(Path.of("/proc"), new KernelMetrics(r))) {
            boolean first = k.addEntropy(new byte[64], 512);
            boolean second = k.addEntropy(new byte[32], 256);
            System.out.println("credited=" + first + "," + second
                    + " fallback=" + r.counter(KernelMetrics.UNCREDITED_FALLBACK).getCount()
                    + " uncredited-bytes=" + r.counter(KernelMetrics.BYTES_UNCREDITED).getCount()
                    + " credited-bytes=" + r.counter(KernelMetrics.BYTES_CREDITED).getCount());
        }
    }
}
