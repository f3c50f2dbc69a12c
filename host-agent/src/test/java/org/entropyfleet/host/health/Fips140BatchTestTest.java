package org.entropyfleet.host.health;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Fips140BatchTestTest {
    @Test
    void secureRandomPassesAtTheExpectedRate() {
        // rngd sees roughly 1 failing block in 1,000 from a good source; 1,000 blocks, allow up to 10
        Fips140BatchTest fips = new Fips140BatchTest();
        SecureRandom rnd = new SecureRandom();
        byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
        int failures = 0;
        for (int i = 0; i < 1000; i++) {
            rnd.nextBytes(block);
            if (!fips.test(block).isEmpty()) {
                failures++;
            }
        }
        assertTrue(failures <= 10, "failures: " + failures);
    }

    @Test
    void constantBlockFailsMonobitPokerRunsLongRunContinuous() {
        Fips140BatchTest fips = new Fips140BatchTest();
        byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
        Set<Fips140BatchTest.Failure> f = fips.test(block);
        assertEquals(Set.of(Fips140BatchTest.Failure.values()), f);
    }

    @Test
    void alternatingBitsPassMonobitButFailRunsAndPoker() {
        Fips140BatchTest fips = new Fips140BatchTest();
        byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
        Arrays.fill(block, (byte) 0x55);
        Set<Fips140BatchTest.Failure> f = fips.test(block);
        assertTrue(f.contains(Fips140BatchTest.Failure.RUNS));
        assertTrue(f.contains(Fips140BatchTest.Failure.POKER));
        assertTrue(!f.contains(Fips140BatchTest.Failure.MONOBIT));
    }

    @Test
    void biasedOnesFailMonobit() {
        SecureRandom rnd = new SecureRandom();
        byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
        byte[] other = new byte[Fips140BatchTest.BLOCK_BYTES];
        rnd.nextBytes(block);
        rnd.nextBytes(other);
        for (int i = 0; i < block.length; i++) {
            block[i] |= (byte) (other[i] & 0x11);   // sets ~1 extra bit in 4 of each byte
        }
        assertTrue(new Fips140BatchTest().test(block).contains(Fips140BatchTest.Failure.MONOBIT));
    }

    @Test
    void repeatedWordAcrossBlocksFailsContinuousTest() {
        Fips140BatchTest fips = new Fips140BatchTest();
        SecureRandom rnd = new SecureRandom();
        byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
        rnd.nextBytes(block);
        fips.test(block);
        byte[] next = new byte[Fips140BatchTest.BLOCK_BYTES];
        rnd.nextBytes(next);
        System.arraycopy(block, block.length - 4, next, 0, 4);
        assertTrue(fips.test(next).contains(Fips140BatchTest.Failure.CONTINUOUS));
    }

    @Test
    void fastRunCountsMatchTheReferenceOnBiasedBlocks() {
        java.util.Random rnd = new java.util.Random(42);
        for (int trial = 0; trial < 200; trial++) {
            byte[] block = new byte[Fips140BatchTest.BLOCK_BYTES];
            int bias = trial % 4;   // random, mostly ones, mostly zeros, long constant stretches
            for (int i = 0; i < block.length; i++) {
                int v = rnd.nextInt(256);
                block[i] = (byte) switch (bias) {
                    case 0 -> v;
                    case 1 -> v | rnd.nextInt(256) | rnd.nextInt(256);
                    case 2 -> v & rnd.nextInt(256) & rnd.nextInt(256);
                    default -> rnd.nextInt(8) == 0 ? v : (i / 40 % 2 == 0 ? 0 : 0xff);
                };
            }
            int[] expected = new int[RunCounts.SLOTS];
            int longest = RunCounts.reference(block, expected);
            int[] actual = new int[RunCounts.SLOTS];
            assertEquals(longest >= RunCounts.LONG_RUN, RunCounts.fast(block, actual), "long run (longest " + longest + "), trial " + trial);
            assertArrayEquals(expected, actual, "run counts, trial " + trial);
        }
    }

    @Test
    void fastRunCountingMatchesTheReferenceAtEveryLengthAndSeam() {
        java.util.Random rnd = new java.util.Random(7);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] block = new byte[1 + rnd.nextInt(80)];   // no whole word, words plus tail bytes, words only
            int style = trial % 3;
            for (int i = 0; i < block.length; i++) {
                int v = rnd.nextInt(256);
                block[i] = (byte) switch (style) {
                    case 0 -> v;
                    case 1 -> rnd.nextInt(3) == 0 ? v : (rnd.nextBoolean() ? 0 : 0xff);   // runs across words
                    default -> rnd.nextInt(16) == 0 ? v : (i / 9 % 2 == 0 ? 0 : 0xff);
                };
            }
            int[] expected = new int[RunCounts.SLOTS];
            int longest = RunCounts.reference(block, expected);
            int[] actual = new int[RunCounts.SLOTS];
            assertEquals(longest >= RunCounts.LONG_RUN, RunCounts.fast(block, actual), "long run (longest " + longest + "), trial " + trial);
            assertArrayEquals(expected, actual, "run counts, trial " + trial + ", " + block.length + " bytes");
        }
    }
}
