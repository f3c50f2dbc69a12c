package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import java.util.Arrays;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.pool.Conditioner;
import org.entropyfleet.host.pool.EntropyPool;

/**
 * Where a source's raw bytes go: health tests, then conditioning, then the pool. Runs on the source's
 * own thread; {@link EntropyPool#put} blocks while the pool is full, which slows reading down.
 */
public final class SourceSink {
    private final SourceHealth health;
    private final Conditioner conditioner;

    public SourceSink(String name, double minEntropy, EntropyPool pool, MetricRegistry metrics) {
        this.health = new SourceHealth(name, minEntropy, metrics);
        this.conditioner = new Conditioner(name, minEntropy, block -> {
            try {
                pool.put(block, 0, block.length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();   // shutting down: the block is dropped below
            } finally {
                Arrays.fill(block, (byte) 0);
            }
        }, metrics);
    }

    /** Tests and conditions raw bytes; the caller may reuse {@code buf} afterwards. */
    public void accept(byte[] buf, int off, int len) {
        health.accept(buf, off, len, block -> conditioner.accept(block, 0, block.length));
    }

    /** The stream was reopened: a partial FIPS block must not mix two streams. */
    public void resetStream() {
        health.resetStream();
    }

    public SourceHealth.State healthState() {
        return health.state();
    }
}
