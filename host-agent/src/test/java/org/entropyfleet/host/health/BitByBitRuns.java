package org.entropyfleet.host.health;

/**
 * The obvious, slow reference for FIPS 140-1 run counting: walk the block bit by bit (MSB first).
 * Tests compare {@link Fips140BatchTest#countRuns} against it.
 */
final class BitByBitRuns {
    /** Runs of length 1..5 and 6+ for each bit value: counts[bit * 6 + min(length, 6) - 1]. */
    static final int COUNTS = 12;

    private BitByBitRuns() {
    }

    /** Fills {@code counts} (length {@link #COUNTS}) and returns the longest run. */
    static int count(byte[] block, int[] counts) {
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
                        counts[runBit * 6 + Math.min(runLength, 6) - 1]++;
                    }
                    runBit = x;
                    runLength = 1;
                }
                longest = Math.max(longest, runLength);
            }
        }
        counts[runBit * 6 + Math.min(runLength, 6) - 1]++;
        return longest;
    }
}
