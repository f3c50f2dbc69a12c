package org.entropyfleet.host.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContinuousTestsTest {
    @Test
    void constantBytesCaughtByRctExactlyAtCutoff() {
        RepetitionCountTest rct = new RepetitionCountTest(8);
        int failedAt = -1;
        for (int i = 1; i <= 10 && failedAt < 0; i++) {
            if (rct.sample((byte) 0x5a)) {
                failedAt = i;
            }
        }
        assertEquals(4, failedAt, "H=8: the 4th identical byte in a row fails");
    }

    @Test
    void constantBytesCaughtByRctForLowEntropy() {
        RepetitionCountTest rct = new RepetitionCountTest(1);
        for (int i = 1; i < 21; i++) {
            assertFalse(rct.sample((byte) 0));
        }
        assertTrue(rct.sample((byte) 0));
    }

    @Test
    void biasedSourceCaughtByAptButNotByRct() {
        // bytes alternate so no value repeats back-to-back, yet one value makes up ~10% (H=8 allows ~13/512)
        double h = 8;
        RepetitionCountTest rct = new RepetitionCountTest(h);
        AdaptiveProportionTest apt = new AdaptiveProportionTest(h);
        Random r = new Random(42);
        int aptFailures = 0;
        int rctFailures = 0;
        for (int i = 0; i < 512 * 20; i++) {
            byte b = (i % 10 == 0) ? (byte) 7 : (byte) (8 + r.nextInt(200));
            if (i == 0) {
                b = 7;
            }
            if (rct.sample(b)) {
                rctFailures++;
            }
            if (apt.sample(b)) {
                aptFailures++;
            }
        }
        assertEquals(0, rctFailures);
        assertTrue(aptFailures > 0, "a value at 10% of a 512-sample window must trip the APT");
    }

    @Test
    void goodRandomRarelyFails() {
        // α = 2^-20 per sample: over 4 MiB we expect about 4 false alarms per test; allow a wide margin
        SecureRandom rnd = new SecureRandom();
        RepetitionCountTest rct = new RepetitionCountTest(8);
        AdaptiveProportionTest apt = new AdaptiveProportionTest(8);
        byte[] buf = new byte[1 << 16];
        int failures = 0;
        for (int round = 0; round < 64; round++) {
            rnd.nextBytes(buf);
            for (byte b : buf) {
                if (rct.sample(b)) {
                    failures++;
                }
                if (apt.sample(b)) {
                    failures++;
                }
            }
        }
        assertTrue(failures <= 40, "too many false alarms on SecureRandom: " + failures);
    }

    @Test
    void bulkSamplingCountsTheSameFailuresAsSampleBySample() {
        java.util.Random rnd = new java.util.Random(7);
        byte[] data = new byte[50_000];
        for (int i = 0; i < data.length; i++) {
            // random bytes with stuck stretches and a biased stretch, so both tests fail now and then
            data[i] = (byte) (i % 5000 < 40 ? 0x55 : i % 9000 < 600 ? rnd.nextInt(4) : rnd.nextInt(256));
        }
        for (double h : new double[] {8, 6, 2, 1}) {
            RepetitionCountTest rctOne = new RepetitionCountTest(h);
            RepetitionCountTest rctBulk = new RepetitionCountTest(h);
            AdaptiveProportionTest aptOne = new AdaptiveProportionTest(h);
            AdaptiveProportionTest aptBulk = new AdaptiveProportionTest(h);
            int rctExpected = 0;
            int aptExpected = 0;
            for (byte b : data) {
                if (rctOne.sample(b)) {
                    rctExpected++;
                    rctOne.reset();
                }
                if (aptOne.sample(b)) {
                    aptExpected++;
                }
            }
            int rctActual = 0;
            int aptActual = 0;
            for (int off = 0; off < data.length; off += 777) {   // odd chunks: state carries across calls
                int n = Math.min(777, data.length - off);
                rctActual += rctBulk.sampleAll(data, off, n);
                aptActual += aptBulk.sampleAll(data, off, n);
            }
            assertTrue(rctExpected > 0, "the data must make the RCT fail at H=" + h);
            assertEquals(rctExpected, rctActual, "RCT failures at H=" + h);
            assertEquals(aptExpected, aptActual, "APT failures at H=" + h);
        }
    }
}
