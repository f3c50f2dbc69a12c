package org.entropyfleet.host.health;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Runs of equal bits in a block, most significant bit first, as the FIPS 140-2 runs and long-run tests
 * count them: {@code runs[bit * 6 + min(length, 6) - 1]}, and the long runs. Two implementations that
 * must agree (the tests compare them on random and crafted blocks): {@link #reference}, bit by bit, plain
 * to read; and {@link #fast}, which {@link Fips140BatchTest} uses on every byte a source yields.
 */
final class RunCounts {
    /** Run lengths 1..5 and 6+. */
    static final int BUCKETS = 6;
    /** Length of the {@code runs} arrays. */
    static final int SLOTS = 2 * BUCKETS;

    private static final VarHandle BIG_ENDIAN_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** FIPS 140-2 long-run test: a run of this many equal bits or more fails the block. */
    static final int LONG_RUN = 26;
    /** Slot of the scratch counts that takes "no run ended here". */
    private static final int NO_RUN = SLOTS;

    private RunCounts() {
    }

    /** Walks the block bit by bit. @return the longest run */
    static int reference(byte[] block, int[] runs) {
        int longest = 0;
        int runBit = -1;
        int runLength = 0;
        for (byte value : block) {
            for (int bit = 7; bit >= 0; bit--) {
                int x = (value >>> bit) & 1;
                if (x == runBit) {
                    runLength++;
                } else {
                    if (runLength > 0) {
                        runs[runBit * BUCKETS + Math.min(runLength, BUCKETS) - 1]++;
                    }
                    runBit = x;
                    runLength = 1;
                }
                longest = Math.max(longest, runLength);
            }
        }
        if (runLength > 0) {
            runs[runBit * BUCKETS + Math.min(runLength, BUCKETS) - 1]++;
        }
        return longest;
    }

    /**
     * The same counts, 64 bits at a time without data-dependent branches on random input (a per-bit or
     * per-run branch mispredicts about half the time there): only the runs crossing word edges are
     * tracked one by one, the runs inside a word are counted bit-parallel. The few bytes after the last
     * whole word (4 of a 2,500-byte block) go bit by bit, as in {@link #reference}. In the agent the
     * word-wise count took the CPU per pipelined request from about 1.36 to 1.17 µs: the bit-wise one was
     * most of the source thread's time. It answers only what the long-run test asks — is there a run of
     * {@link #LONG_RUN} or more — not how long the longest is: measuring the longest run inside a word
     * took a data-dependent loop on many words and was again the source thread's largest cost at window
     * 64; a run of 26 inside a word is found with a fixed handful of shifts.
     *
     * @return whether the block holds a run of {@link #LONG_RUN} or more equal bits
     */
    static boolean fast(byte[] block, int[] runs) {
        if (block.length == 0) {
            return false;
        }
        long inner26 = 0;
        int[] counts = new int[SLOTS + 1];
        int runBit = (block[0] & 0xff) >>> 7;
        int runLength = 0;
        int longest = 0;
        int words = block.length / Long.BYTES;
        int z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, zAll = 0;
        int o1 = 0, o2 = 0, o3 = 0, o4 = 0, o5 = 0, oAll = 0;
        for (int k = 0; k < words; k++) {
            long w = (long) BIG_ENDIAN_LONG.get(block, k * Long.BYTES);
            int msb = (int) (w >>> 63);
            boolean same = msb == runBit;
            int carry = same ? runLength : 0;
            // the run before this word ends at its top edge unless the word goes on with it
            counts[same ? NO_RUN : runBit * BUCKETS + Math.min(runLength, BUCKETS) - 1]++;
            longest = Math.max(longest, runLength);
            int lead = Long.numberOfLeadingZeros(msb == 1 ? ~w : w);
            if (lead == 64) {   // one run all through the word: it goes on into the next one
                runBit = msb;
                runLength = carry + 64;
                continue;
            }
            int ended = carry + lead;
            counts[msb * BUCKETS + Math.min(ended, BUCKETS) - 1]++;
            longest = Math.max(longest, ended);
            int lsb = (int) (w & 1);
            // Inner runs: start after a bit of the other value inside the word, end before one.
            // With bit i, the bit after it in the stream is bit i - 1, so "x << j" lines bit i up
            // with the bit j places later. For ones (x = w) and zeros (x = ~w):
            //   starts s = x & ~(x >>> 1) (bit 63 never: nothing before it in the word),
            //   a_k = bits i .. i-k+1 all set, exactly k long = s & a_k & (~x << k).
            // The run at bit 0 is in s but ends at the word's edge: taken off the totals.
            long nw = ~w;
            long s1 = w & (nw >>> 1);
            long a1 = w;
            long a2 = a1 & (w << 1);
            long a3 = a2 & (w << 2);
            long a4 = a3 & (w << 3);
            long a5 = a4 & (w << 4);
            o1 += Long.bitCount(s1 & a1 & (nw << 1));
            o2 += Long.bitCount(s1 & a2 & (nw << 2));
            o3 += Long.bitCount(s1 & a3 & (nw << 3));
            o4 += Long.bitCount(s1 & a4 & (nw << 4));
            o5 += Long.bitCount(s1 & a5 & (nw << 5));
            oAll += Long.bitCount(s1) - lsb;
            long s0 = nw & (w >>> 1);
            long b2 = nw & (nw << 1);
            long b3 = b2 & (nw << 2);
            long b4 = b3 & (nw << 3);
            long b5 = b4 & (nw << 4);
            z1 += Long.bitCount(s0 & nw & (w << 1));
            z2 += Long.bitCount(s0 & b2 & (w << 2));
            z3 += Long.bitCount(s0 & b3 & (w << 3));
            z4 += Long.bitCount(s0 & b4 & (w << 4));
            z5 += Long.bitCount(s0 & b5 & (w << 5));
            zAll += Long.bitCount(s0) - (1 - lsb);
            // Runs of 26 or more inside the word (parts of edge runs included: never longer than their
            // whole runs; whole edge runs are measured in longest): a_k = bits i .. i-k+1 all set,
            // a_8 = a_4 & (a_4 << 4), a_16 = a_8 & (a_8 << 8), a_26 = a_16 & (a_8 << 16) & (a_2 << 24).
            long a8 = a4 & (a4 << 4);
            long b8 = b4 & (b4 << 4);
            inner26 |= (a8 & (a8 << 8)) & (a8 << 16) & (a2 << 24);
            inner26 |= (b8 & (b8 << 8)) & (b8 << 16) & (b2 << 24);
            runBit = lsb;
            runLength = Long.numberOfTrailingZeros(lsb == 1 ? nw : w);
        }
        counts[0] += z1;
        counts[1] += z2;
        counts[2] += z3;
        counts[3] += z4;
        counts[4] += z5;
        counts[5] += zAll - z1 - z2 - z3 - z4 - z5;
        counts[BUCKETS] += o1;
        counts[BUCKETS + 1] += o2;
        counts[BUCKETS + 2] += o3;
        counts[BUCKETS + 3] += o4;
        counts[BUCKETS + 4] += o5;
        counts[BUCKETS + 5] += oAll - o1 - o2 - o3 - o4 - o5;
        // the bytes after the last whole word, bit by bit, going on with the run the words ended with
        for (int i = words * Long.BYTES; i < block.length; i++) {
            for (int bit = 7; bit >= 0; bit--) {
                int x = (block[i] >>> bit) & 1;
                if (x == runBit) {
                    runLength++;
                } else {
                    if (runLength > 0) {
                        counts[runBit * BUCKETS + Math.min(runLength, BUCKETS) - 1]++;
                        longest = Math.max(longest, runLength);
                    }
                    runBit = x;
                    runLength = 1;
                }
            }
        }
        counts[runBit * BUCKETS + Math.min(runLength, BUCKETS) - 1]++;
        longest = Math.max(longest, runLength);
        for (int k = 0; k < SLOTS; k++) {
            runs[k] += counts[k];
        }
        return inner26 != 0 || longest >= LONG_RUN;
    }
}
