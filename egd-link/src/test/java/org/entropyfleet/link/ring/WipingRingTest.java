package org.entropyfleet.link.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WipingRingTest {
    private static byte[] run(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i + 1);   // never 0, so a wiped slot is told from data
        }
        return b;
    }

    @Test
    void bytesComeOutInOrderAcrossTheWrapAndTheirSlotsAreZeroed() {
        WipingRing ring = new WipingRing(10);
        assertEquals(7, ring.write(run(0, 7), 0, 7));
        assertArrayEquals(run(0, 5), ring.read(5));
        assertEquals(8, ring.write(run(7, 20), 0, 20), "only the free room is taken");
        assertEquals(10, ring.size());
        byte[] out = new byte[12];
        ring.read(out, 2, 10);
        assertArrayEquals(run(5, 10), java.util.Arrays.copyOfRange(out, 2, 12));
        assertEquals(0, ring.size());
        assertTrue(ring.freeSlotsAreZero());
    }

    @Test
    void wipeZeroesWhatIsHeldAndReadingMoreThanHeldIsRefused() {
        WipingRing ring = new WipingRing(8);
        ring.write(run(0, 6), 0, 6);
        assertThrows(IllegalArgumentException.class, () -> ring.read(7));
        ring.wipe();
        assertEquals(0, ring.size());
        assertEquals(8, ring.free());
        assertTrue(ring.freeSlotsAreZero());
    }
}
