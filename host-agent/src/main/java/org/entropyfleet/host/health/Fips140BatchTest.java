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
    /** Per byte value: the runs touching neither end of the byte, as indices into the run counts. */
    private static final byte[][] INNER_RUNS = new byte[256][];

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
            INNER_RUNS[b] = new byte[Math.max(0, count - 2)];
            for (int r = 1; r < count - 1; r++) {
                INNER_RUNS[b][r - 1] = (byte) (bits[r] * RUN_BUCKETS + lengths[r] - 1);   // inner runs are ≤ 6 long
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
        int ones = 0;
        int[] nibbles = new int[16];
        for (byte value : block) {
            int b = value & 0xff;
            ones += Integer.bitCount(b);
            nibbles[b >>> 4]++;
            nibbles[b & 0xf]++;
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
     * {@code bit * 6 + min(length, 6) - 1}. Byte-wise with tables rather than bit by bit: on random
     * data a per-bit branch mispredicts half the time, and this test sees every byte a source yields.
     *
     * @return the longest run
     */
    static int countRuns(byte[] block, int[] runs) {
        int runBit = -1;
        int runLength = 0;
        int longest = 0;
        for (byte value : block) {
            int b = value & 0xff;
            int msb = b >>> 7;
            int lead = LEAD[b];
            if (msb == runBit) {
                runLength += lead;
            } else {
                if (runLength > 0) {
                    runs[runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
                    longest = Math.max(longest, runLength);
                }
                runBit = msb;
                runLength = lead;
            }
            if (lead == 8) {
                continue;   // uniform byte: the run goes on into the next one
            }
            // the run that reached this byte's top ends inside it; then its inner runs; the bottom run goes on
            runs[runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
            longest = Math.max(longest, runLength);
            for (byte index : INNER_RUNS[b]) {
                runs[index]++;
            }
            runBit = b & 1;
            runLength = TRAIL[b];
        }
        if (runLength > 0) {
            runs[runBit * RUN_BUCKETS + Math.min(runLength, RUN_BUCKETS) - 1]++;
            longest = Math.max(longest, runLength);
        }
        return longest;
    }

    /** Forget the previous word, e.g. after the source was reopened. */
    public void reset() {
        havePrevious = false;
    }
}
