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
    static final int LONG_RUN = RunCounts.LONG_RUN;   // a run this long or longer fails
    /** Inclusive ranges for runs of length 1..5 and 6+, applied to runs of zeros and of ones separately. */
    static final int[][] RUN_RANGES = {
        {2315, 2685}, {1114, 1386}, {527, 723}, {240, 384}, {103, 209}, {103, 209}};

    /** Run lengths 1..5 and 6+. */
    static final int RUN_BUCKETS = RunCounts.BUCKETS;

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
        int[] runCounts = new int[RunCounts.SLOTS];
        boolean longRun = RunCounts.fast(block, runCounts);
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

    /** Forget the previous word, e.g. after the source was reopened. */
    public void reset() {
        havePrevious = false;
    }
}
