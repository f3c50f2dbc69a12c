package org.entropyfleet.host.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.codahale.metrics.MetricRegistry;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionerTest {
    @ParameterizedTest
    @CsvSource({"8,72", "7,83", "6,96", "4,144", "1,576", "0.5,1152"})
    void rawBytesCarryAtLeast576BitsOfMinEntropy(double h, int expected) {
        assertEquals(expected, Conditioner.rawBytesPerBlock(h));
    }

    @Test
    void eachOutputBlockIsSha512OfItsOwnRawInputAndAccountingAddsUp() throws Exception {
        MetricRegistry m = new MetricRegistry();
        List<byte[]> out = new ArrayList<>();
        Conditioner c = new Conditioner("dev", 6, out::add, m);
        byte[] raw = new byte[96 * 3 + 50];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 31 + 7);
        }
        // feed in odd-sized pieces to exercise the block boundary
        for (int i = 0; i < raw.length; i += 37) {
            c.accept(raw, i, Math.min(37, raw.length - i));
        }
        assertEquals(3, out.size());
        for (int k = 0; k < 3; k++) {
            byte[] expected = MessageDigest.getInstance("SHA-512").digest(Arrays.copyOfRange(raw, k * 96, (k + 1) * 96));
            assertArrayEquals(expected, out.get(k));
        }
        assertEquals(raw.length, m.counter("host.source.dev.raw-bytes").getCount());
        assertEquals(3 * 576, m.counter("host.source.dev.min-entropy-bits").getCount());
        assertEquals(3 * 64, m.counter("host.source.dev.conditioned-bytes").getCount());
    }
}
