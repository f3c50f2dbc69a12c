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
     * {@code bit * 6 + min(length, 6) - 1}. Byte-wise with tables and without data-dependent branches
     * on random input (a per-bit or per-run branch mispredicts about half the time there): the runs
     * inside a byte come from a table of packed counts, only the runs crossing byte edges are tracked.
     * This test sees every byte a source yields.
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
        for (int start = 0; start < block.length; start += INNER_FLUSH_BYTES) {
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

    /** Forget the previous word, e.g. after the source was reopened. */
    public void reset() {
        havePrevious = false;
    }
}
