package org.entropyfleet.host.source;

import com.codahale.metrics.MetricRegistry;
import java.util.Arrays;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.host.pool.Conditioner;
import org.entropyfleet.host.pool.EntropyPool;

/**
 * Where a source's raw bytes go: health tests, then conditioning, then the pool. Runs on the source's
 * own thread; {@link EntropyPool#put} blocks while the pool is full, which slows reading down.
 *
 * <p>Conditioned blocks are gathered and put into the pool once per {@link #accept} call (or per
 * {@link #STAGED_BYTES}), not once per 64-byte block: each put takes the pool's lock, which the event
 * loops serving clients need for every read. Nothing stays staged after {@code accept} returns.
 */
public final class SourceSink {
    /** Conditioned bytes gathered before they are put into the pool (a multiple of the 64-byte block). */
    static final int STAGED_BYTES = 4096;

    private final SourceHealth health;
    private final Conditioner conditioner;
    private final EntropyPool pool;
    private final byte[] staged = new byte[STAGED_BYTES];
    private int stagedLen;

    public SourceSink(String name, double minEntropy, EntropyPool pool, MetricRegistry metrics) {
        this.pool = pool;
        this.health = new SourceHealth(name, minEntropy, metrics);
        this.conditioner = new Conditioner(name, minEntropy, this::stage, metrics);
    }

    /** Tests and conditions raw bytes and puts the result into the pool; the caller may reuse {@code buf} afterwards. */
    public void accept(byte[] buf, int off, int len) {
        try {
            health.accept(buf, off, len, block -> conditioner.accept(block, 0, block.length));
        } finally {
            flush();
        }
    }

    /** The stream was reopened: a partial FIPS block must not mix two streams. */
    public void resetStream() {
        health.resetStream();
    }

    public SourceHealth.State healthState() {
        return health.state();
    }

    private void stage(byte[] block) {
        try {
            if (stagedLen + block.length > staged.length) {
                flush();
            }
            System.arraycopy(block, 0, staged, stagedLen, block.length);
            stagedLen += block.length;
        } finally {
            Arrays.fill(block, (byte) 0);
        }
    }

    private void flush() {
        if (stagedLen == 0) {
            return;
        }
        try {
            pool.put(staged, 0, stagedLen);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // shutting down: the staged bytes are dropped below
        } finally {
            Arrays.fill(staged, 0, stagedLen, (byte) 0);
            stagedLen = 0;
        }
    }
}
