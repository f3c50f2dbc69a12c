package org.entropyfleet.host.health;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health gate for one source. Raw bytes are collected into FIPS 140-2 blocks of 2,500 bytes; every
 * byte also runs through the repetition-count and adaptive-proportion tests. A block is released to
 * conditioning only if the source was healthy when the block started and the block passed all tests,
 * so bytes from a failing stretch never reach the pool.
 *
 * <pre>
 * HEALTHY --(any failure)--> QUARANTINED --(readmitAfter consecutive passing blocks)--> HEALTHY
 *    \__________________________ disableAfter consecutive failing blocks __________--> DISABLED (final)
 * </pre>
 * Not thread-safe: fed from the source's own thread.
 */
public final class SourceHealth {
    /** Consecutive passing blocks a quarantined source needs before it is trusted again. */
    public static final int DEFAULT_READMIT_AFTER = 4;
    /** Consecutive failing blocks after which the source is disabled for good, as rngd does. */
    public static final int DEFAULT_DISABLE_AFTER = 25;

    private static final Logger LOG = LoggerFactory.getLogger(SourceHealth.class);

    /** Health state of a source. */
    public enum State { HEALTHY, QUARANTINED, DISABLED }

    /** Receives blocks that passed; must copy what it keeps, the array is wiped afterwards. */
    @FunctionalInterface
    public interface BlockSink {
        void accept(byte[] block);
    }

    private final String source;
    private final int readmitAfter;
    private final int disableAfter;
    private final RepetitionCountTest rct;
    private final AdaptiveProportionTest apt;
    private final Fips140BatchTest fips = new Fips140BatchTest();
    private final byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
    private int filled;
    private boolean blockFailedContinuous;
    private boolean blockStartedHealthy = true;
    private volatile State state = State.HEALTHY;
    private int consecutiveFailures;
    private int consecutivePasses;

    private final Counter passed;
    private final Counter failedBlocks;
    private final Counter rctFailures;
    private final Counter aptFailures;
    private final Map<Fips140BatchTest.Failure, Counter> fipsFailures = new EnumMap<>(Fips140BatchTest.Failure.class);

    public SourceHealth(String source, double minEntropy, MetricRegistry metrics) {
        this(source, minEntropy, metrics, DEFAULT_READMIT_AFTER, DEFAULT_DISABLE_AFTER);
    }

    public SourceHealth(String source, double minEntropy, MetricRegistry metrics, int readmitAfter, int disableAfter) {
        if (readmitAfter < 1 || disableAfter < 1) {
            throw new IllegalArgumentException("readmitAfter and disableAfter must be ≥ 1");
        }
        this.source = source;
        this.readmitAfter = readmitAfter;
        this.disableAfter = disableAfter;
        this.rct = new RepetitionCountTest(minEntropy);
        this.apt = new AdaptiveProportionTest(minEntropy);
        String base = MetricRegistry.name("host.source", source, "health");
        passed = metrics.counter(MetricRegistry.name(base, "blocks-passed"));
        failedBlocks = metrics.counter(MetricRegistry.name(base, "blocks-failed"));
        rctFailures = metrics.counter(MetricRegistry.name(base, "failures", "rct"));
        aptFailures = metrics.counter(MetricRegistry.name(base, "failures", "apt"));
        for (Fips140BatchTest.Failure f : Fips140BatchTest.Failure.values()) {
            fipsFailures.put(f, metrics.counter(MetricRegistry.name(base, "failures",
                    "fips-" + f.name().toLowerCase().replace('_', '-'))));
        }
        String stateName = MetricRegistry.name(base, "state");
        metrics.remove(stateName);  // a re-created source replaces the old gauge instead of reading a dead object
        metrics.register(stateName, (Gauge<Integer>) () -> state.ordinal());
        LOG.info("event=health-init source={} min-entropy={} rct-cutoff={} apt-cutoff={} apt-window={}",
                source, minEntropy, rct.cutoff(), apt.cutoff(), apt.window());
    }

    public State state() {
        return state;
    }

    public String source() {
        return source;
    }

    /** Tests raw bytes; hands every released block to {@code sink}. Bytes are discarded while not healthy. */
    public void accept(byte[] buf, int off, int len, BlockSink sink) {
        // Chunk by chunk up to the end of the current block (state changes only when a block finishes),
        // each test in one tight loop: this runs for every raw byte a source yields.
        int i = off;
        int end = off + len;
        while (i < end) {
            if (state == State.DISABLED) {
                return;
            }
            int n = Math.min(end - i, block.length - filled);
            int rctFailed = rct.sampleAll(buf, i, n);
            if (rctFailed > 0) {
                rctFailures.inc(rctFailed);
                blockFailedContinuous = true;
            }
            int aptFailed = apt.sampleAll(buf, i, n);
            if (aptFailed > 0) {
                aptFailures.inc(aptFailed);
                blockFailedContinuous = true;
            }
            System.arraycopy(buf, i, block, filled, n);
            filled += n;
            i += n;
            if (filled == block.length) {
                finishBlock(sink);
            }
        }
    }

    /** Drops a partial block and test history, e.g. after the source was reopened. */
    public void resetStream() {
        Arrays.fill(block, (byte) 0);
        filled = 0;
        blockFailedContinuous = false;
        rct.reset();
        apt.reset();
        fips.reset();
        blockStartedHealthy = state == State.HEALTHY;
    }

    private void finishBlock(BlockSink sink) {
        Set<Fips140BatchTest.Failure> fipsFailed = fips.test(block);
        fipsFailed.forEach(f -> fipsFailures.get(f).inc());
        boolean ok = fipsFailed.isEmpty() && !blockFailedContinuous;
        if (ok) {
            passed.inc();
            consecutiveFailures = 0;
            if (state == State.HEALTHY && blockStartedHealthy) {
                sink.accept(block);
            } else if (state == State.QUARANTINED && ++consecutivePasses >= readmitAfter) {
                transition(State.HEALTHY, "passed " + consecutivePasses + " consecutive blocks");
            }
        } else {
            failedBlocks.inc();
            consecutivePasses = 0;
            consecutiveFailures++;
            String why = (blockFailedContinuous ? "rct/apt " : "") + (fipsFailed.isEmpty() ? "" : "fips" + fipsFailed);
            if (consecutiveFailures >= disableAfter) {
                transition(State.DISABLED, consecutiveFailures + " consecutive failing blocks, last: " + why.trim());
            } else if (state == State.HEALTHY) {
                transition(State.QUARANTINED, why.trim());
            }
        }
        Arrays.fill(block, (byte) 0);
        filled = 0;
        blockFailedContinuous = false;
        blockStartedHealthy = state == State.HEALTHY;
    }

    private void transition(State next, String reason) {
        State prev = state;
        state = next;
        if (next == State.HEALTHY) {
            LOG.info("event=health-state source={} from={} to={} reason=\"{}\"", source, prev, next, reason);
        } else if (next == State.QUARANTINED) {
            LOG.warn("event=health-state source={} from={} to={} reason=\"{}\" action=discarding-bytes",
                    source, prev, next, reason);
        } else {
            LOG.error("event=health-state source={} from={} to={} reason=\"{}\" action=source-disabled",
                    source, prev, next, reason);
        }
    }
}
