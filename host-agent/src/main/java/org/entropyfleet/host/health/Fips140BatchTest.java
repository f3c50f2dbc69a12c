package org.entropyfleet.host.health;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The FIPS 140-2 statistical tests on 20,000-bit blocks, with the ranges rngd (rng-tools) uses.
 * The continuous test compares each 32-bit word with the one before it, across block boundaries,
 * so one instance belongs to one source. Not thread-safe.
 */
public final class Fips140BatchTest {
    /** 20,000 bits. */
    public static final int BLOCK_BYTES = 2500;

    static final int MONOBIT_MIN = 9725;          // exclusive, as rngd
    static final int MONOBIT_MAX = 10275;         // exclusive
    static final long POKER_MIN = 1_563_176L;     // exclusive: sum of squared nibble counts
    static final long POKER_MAX = 1_576_928L;     // exclusive
    static final int LONG_RUN = 26;               // a run this long or longer fails
    /** Inclusive ranges for runs of length 1..5 and 6+, applied to runs of zeros and of ones separately. */
    static final int[][] RUN_RANGES = {
        {2315, 2685}, {1114, 1386}, {527, 723}, {240, 384}, {103, 209}, {103, 209}};

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    /** Run lengths 1..5 and 6+. */
    static final int RUN_BUCKETS = 6;
    /** Per byte value: length of the run starting at the most significant bit (8 for 0x00 and 0xff). */
    private static final byte[] LEAD = new byte[256];
    /** Per byte value: length of the run ending at the least significant bit. */
    private static final byte[] TRAIL = new byte[256];
    /** Slot of the counts that takes "no run ended here". */
    private static final int NO_RUN = 2 * RUN_BUCKETS;
    /** Packed per-length counts: one byte holds at most 3 inner runs of one bit, 3 * 256 < 2^10. */
    private static final int INNER_FIELD_BITS = 10;
    private static final int INNER_FIELD_MASK = (1 << INNER_FIELD_BITS) - 1;
    private static final int INNER_FLUSH_BYTES = 256;
    /** Per byte value: its runs of zeros touching neither end of the byte, packed counts by length. */
    private static final long[] INNER_ZEROS = new long[256];
    /** Per byte value: its runs of ones touching neither end of the byte, packed counts by length. */
    private static final long[] INNER_ONES = new long[256];
    /** Per byte value: its longest run touching neither end of the byte (0 if none). */
    private static final byte[] INNER_LONGEST = new byte[256];

    static {
        for (int b = 0; b < 256; b++) {
            int[] lengths = new int[8];
            int[] bits = new int[8];
            int count = 0;
            for (int i = 7; i >= 0; i--) {
                int bit = (b >>> i) & 1;
                if (count > 0 && bits[count - 1] == bit) {
                    lengths[count - 1]++;
                } else {
                    bits[count] = bit;
                    lengths[count++] = 1;
                }
            }
            LEAD[b] = (byte) lengths[0];
            TRAIL[b] = (byte) lengths[count - 1];
            for (int r = 1; r < count - 1; r++) {   // inner runs are at most 6 long
                INNER_LONGEST[b] = (byte) Math.max(INNER_LONGEST[b], lengths[r]);
                long one = 1L << (INNER_FIELD_BITS * (lengths[r] - 1));
                if (bits[r] == 0) {
                    INNER_ZEROS[b] += one;
                } else {
                    INNER_ONES[b] += one;
                }
            }
        }
    }

    /** Which statistic failed. */
    public enum Failure { MONOBIT, POKER, RUNS, LONG_RUN, CONTINUOUS }

    private long previousWord;
    private boolean havePrevious;

    /** @return the failed tests, empty if the block passed */
    public Set<Failure> test(byte[] block) {
        if (block.length != BLOCK_BYTES) {
            throw new IllegalArgumentException("FIPS 140-2 block must be " + BLOCK_BYTES + " bytes");
        }
        EnumSet<Failure> failed = EnumSet.noneOf(Failure.class);
        // One increment per byte into a byte-value histogram; monobit and poker counts then come from
        // its 256 entries (fewer stores per byte than counting bits and both nibbles byte by byte).
        int[] histogram = new int[256];
        for (byte value : block) {
            histogram[value & 0xff]++;
        }
        int ones = 0;
        int[] nibbles = new int[16];
        for (int b = 0; b < 256; b++) {
            int n = histogram[b];
            ones += n * Integer.bitCount(b);
            nibbles[b >>> 4] += n;
            nibbles[b & 0xf] += n;
        }
        int[] runCounts = new int[2 * RUN_BUCKETS];
        boolean longRun = countRuns(block, runCounts) >= LONG_RUN;
        int[][] runs = {Arrays.copyOfRange(runCounts, 0, RUN_BUCKETS), Arrays.copyOfRange(runCounts, RUN_BUCKETS, 2 * RUN_BUCKETS)};

        if (ones <= MONOBIT_MIN || ones >= MONOBIT_MAX) {
            failed.add(Failure.MONOBIT);
        }
        long poker = 0;
        for (int n : nibbles) {
            poker += (long) n * n;
        }
        if (poker <= POKER_MIN || poker >= POKER_MAX) {
            failed.add(Failure.POKER);
        }
        for (int bit = 0; bit < 2; bit++) {
            for (int len = 0; len < 6; len++) {
                int n = runs[bit][len];
                if (n < RUN_RANGES[len][0] || n > RUN_RANGES[len][1]) {
                    failed.add(Failure.RUNS);
                }
            }
        }
        if (longRun) {
            failed.add(Failure.LONG_RUN);
        }
        for (int i = 0; i < BLOCK_BYTES; i += 4) {
            long word = ((block[i] & 0xffL) << 24) | ((block[i + 1] & 0xffL) << 16)
                    | ((block[i + 2] & 0xffL) << 8) | (block[i + 3] & 0xffL);
            if (havePrevious && word == previousWord) {
                failed.add(Failure.CONTINUOUS);
            }
            previousWord = word;
            havePrevious = true;
        }
        return failed;
    }

    /**
     * Counts the runs of {@code block}, most significant bit first, into {@code runs}: index
     * {@code bit * 6 + min(length, 6) - 1}. Word-wise without data-dependent branches on random input
     * (a per-bit or per-run branch mispredicts about half the time there): only the runs crossing
     * 64-bit word edges are tracked one by one, the runs inside a word are counted bit-parallel; the
     * bytes after the last whole word go byte-wise through tables of packed counts. In the agent this
     * took the CPU per pipelined request from about 1.36 to 1.17 µs (the byte-wise version was most
     * of the source thread's time). This test sees every byte a source yields.
     *
     * @return the longest run
     */
    static int countRuns(byte[] block, int[] runs) {
        if (block.length == 0) {
            return 0;
        }
        int[] counts = new int[2 * RUN_BUCKETS + 1];   // the last slot takes "no run ended here"
        int runBit = (block[0] & 0xff) >>> 7;
        int runLength = 0;
        int longest = 0;
        // Whole 64-bit words first (most significant bit first, so big-endian): the runs crossing a
        // word's edges are tracked one by one as below for bytes; the runs inside a word are counted
        // bit-parallel, by length, with shifts, ANDs and bit counts.
        int words = block.length / Long.BYTES;
        int z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, zAll = 0;
        int o1 = 0, o2 = 0, o3 = 0, o4 = 0, o5 = 0, oAll = 0;
        for (int k = 0; k < words; k++) {
            long w = (long) BIG_ENDIAN_LONG.get(block, k * Long.BYTES);
            int msb = (int) (w >>> 63);
            boolean same = msb == runBit;
            int carry = same ? runLength : 0;
            counts[same ? NO_RUN : runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
            longest = Math.max(longest, runLength);
            int lead = Long.numberOfLeadingZeros(msb == 1 ? ~w : w);
            if (lead == 64) {   // one run all through the word: it goes on into the next one
                runBit = msb;
                runLength = carry + 64;
                continue;
            }
            int ended = carry + lead;
            counts[msb * RUN_BUCKETS + Math.min(ended, RUN_BUCKETS) - 1]++;
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
            // Longest: an inner run can only beat a longest of 8 or more if the word holds a run of
            // 8 (a_8 = a_4 & (a_4 << 4)); then (rarely) measure. Parts of edge runs measured here are
            // no longer than their whole runs, so the maximum stays exact.
            if (longest < 8 || ((a4 & (a4 << 4)) | (b4 & (b4 << 4))) != 0) {
                longest = Math.max(longest, Math.max(longestOnes(w), longestOnes(nw)));
            }
            runBit = lsb;
            runLength = Long.numberOfTrailingZeros(lsb == 1 ? nw : w);
        }
        counts[0] += z1;
        counts[1] += z2;
        counts[2] += z3;
        counts[3] += z4;
        counts[4] += z5;
        counts[5] += zAll - z1 - z2 - z3 - z4 - z5;
        counts[RUN_BUCKETS] += o1;
        counts[RUN_BUCKETS + 1] += o2;
        counts[RUN_BUCKETS + 2] += o3;
        counts[RUN_BUCKETS + 3] += o4;
        counts[RUN_BUCKETS + 4] += o5;
        counts[RUN_BUCKETS + 5] += oAll - o1 - o2 - o3 - o4 - o5;
        // then the bytes after the last whole word, one by one
        for (int start = words * Long.BYTES; start < block.length; start += INNER_FLUSH_BYTES) {
            long inner0 = 0;
            long inner1 = 0;
            for (int i = start, end = Math.min(block.length, start + INNER_FLUSH_BYTES); i < end; i++) {
                int b = block[i] & 0xff;
                int msb = b >>> 7;
                boolean same = msb == runBit;
                int carry = same ? runLength : 0;
                // the run before this byte ends at its top edge unless this byte goes on with it
                counts[same ? NO_RUN : runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
                longest = Math.max(longest, runLength);
                int lead = LEAD[b];
                if (lead == 8) {   // 0x00 or 0xff: the run goes on into the next byte
                    runBit = msb;
                    runLength = carry + 8;
                    continue;
                }
                int ended = carry + lead;
                counts[msb * RUN_BUCKETS + Math.min(ended, RUN_BUCKETS) - 1]++;
                longest = Math.max(longest, ended);
                longest = Math.max(longest, INNER_LONGEST[b]);
                inner0 += INNER_ZEROS[b];
                inner1 += INNER_ONES[b];
                runBit = b & 1;
                runLength = TRAIL[b];
            }
            for (int k = 0; k < RUN_BUCKETS; k++) {
                counts[k] += (int) (inner0 >>> (INNER_FIELD_BITS * k)) & INNER_FIELD_MASK;
                counts[RUN_BUCKETS + k] += (int) (inner1 >>> (INNER_FIELD_BITS * k)) & INNER_FIELD_MASK;
            }
        }
        counts[runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
        longest = Math.max(longest, runLength);
        for (int k = 0; k < 2 * RUN_BUCKETS; k++) {
            runs[k] += counts[k];
        }
        return longest;
    }

    /** Longest run of set bits in {@code x}. */
    private static int longestOnes(long x) {
        int n = 0;
        while (x != 0) {
            x &= x << 1;
            n++;
        }
        return n;
    }

    /** Forget the previous word, e.g. after the source was reopened. */
    public void reset() {
        havePrevious = false;
    }
}
