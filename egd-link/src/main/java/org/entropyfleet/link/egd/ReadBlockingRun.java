package org.entropyfleet.link.egd;

import java.util.Arrays;

/**
 * Two or more whole 0x02 frames that arrived back to back in one read, as one message: the decoder
 * emits it only for {@link EgdPipelines#addServerCodec}'s handlers, which know it. Their replies are the
 * requested bytes back to back, so when the backend can serve the sum at once the handler answers the
 * whole run with one take and one copy (a pipelining client's window of 64 reads then costs one pass
 * through the pipeline, the pool's lock and the metrics instead of 64). When it cannot, the handler
 * takes the run apart into its {@link ReadBlockingRequest}s and serves each as if it had come alone,
 * so waiting, fairness, quotas and timeouts are per read exactly as before. Not a request type of its
 * own on the wire; package-private so nothing else depends on it.
 */
final class ReadBlockingRun {
    /** At most this many bytes in one run: one reply batch ({@link ReplyBatch#FLUSH_AT_BYTES}). */
    static final int MAX_BYTES = ReplyBatch.FLUSH_AT_BYTES;
    /** At most this many reads in one run (a 0x02 of 0 bytes adds no bytes). */
    static final int MAX_READS = 256;

    private final int[] counts;
    private final int total;

    ReadBlockingRun(int[] counts) {
        if (counts.length < 2 || counts.length > MAX_READS) {
            throw new IllegalArgumentException("a run holds 2.." + MAX_READS + " reads, was " + counts.length);
        }
        int sum = 0;
        for (int c : counts) {
            sum += Counts.checkCount("count", c, EgdLimits.MAX_COUNT);
        }
        if (sum > MAX_BYTES) {
            throw new IllegalArgumentException("a run asks for at most " + MAX_BYTES + " bytes, was " + sum);
        }
        this.counts = counts.clone();
        this.total = sum;
    }

    /** Reads in the run. */
    int size() {
        return counts.length;
    }

    /** Bytes the run asks for, all reads together. */
    int total() {
        return total;
    }

    /** The run's reads, in order, as the decoder would have emitted them one by one. */
    ReadBlockingRequest request(int i) {
        return new ReadBlockingRequest(counts[i]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadBlockingRun r && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "ReadBlockingRun" + Arrays.toString(counts);
    }
}
