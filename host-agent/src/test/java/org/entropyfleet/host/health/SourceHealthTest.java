package org.entropyfleet.host.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SourceHealthTest {
    private static final int BLOCK = Fips140BatchTest.BLOCK_BYTES;

    @Test
    void goodSourceReleasesWholeBlocks() {
        MetricRegistry m = new MetricRegistry();
        SourceHealth h = new SourceHealth("good", 8, m);
        long[] released = new long[1];
        byte[] data = new byte[BLOCK * 20 + 100];
        new SecureRandom().nextBytes(data);
        h.accept(data, 0, data.length, b -> released[0] += b.length);
        assertTrue(released[0] >= BLOCK * 17L, "released " + released[0]);
        assertEquals(0, released[0] % BLOCK);
    }

    @Test
    void stuckSourceIsQuarantinedThenDisabledAndReleasesNothing() {
        MetricRegistry m = new MetricRegistry();
        SourceHealth h = new SourceHealth("stuck", 6, m, 4, 25);
        byte[] constant = new byte[BLOCK];
        Arrays.fill(constant, (byte) 0x42);
        long[] released = new long[1];
        h.accept(constant, 0, BLOCK, b -> released[0] += b.length);
        assertEquals(SourceHealth.State.QUARANTINED, h.state());
        for (int i = 0; i < 30; i++) {
            h.accept(constant, 0, BLOCK, b -> released[0] += b.length);
        }
        assertEquals(SourceHealth.State.DISABLED, h.state());
        assertEquals(0, released[0]);
        assertTrue(m.counter("host.source.stuck.health.failures.rct").getCount() > 0);
        assertEquals(2, m.getGauges().get("host.source.stuck.health.state").getValue());
    }

    @Test
    void quarantinedSourceIsReadmittedAfterPassingBlocks() {
        MetricRegistry m = new MetricRegistry();
        SourceHealth h = new SourceHealth("flaky", 8, m, 3, 25);
        byte[] constant = new byte[BLOCK];
        long[] released = new long[1];
        h.accept(constant, 0, BLOCK, b -> released[0] += b.length);
        assertEquals(SourceHealth.State.QUARANTINED, h.state());
        SecureRandom rnd = new SecureRandom();
        byte[] good = new byte[BLOCK];
        for (int i = 0; i < 20 && h.state() != SourceHealth.State.HEALTHY; i++) {
            rnd.nextBytes(good);
            h.accept(good, 0, BLOCK, b -> released[0] += b.length);
        }
        assertEquals(SourceHealth.State.HEALTHY, h.state());
        assertEquals(0, released[0], "the readmitting blocks themselves are not released");
        rnd.nextBytes(good);
        h.accept(good, 0, BLOCK, b -> released[0] += b.length);
        rnd.nextBytes(good);
        h.accept(good, 0, BLOCK, b -> released[0] += b.length);
        assertTrue(released[0] >= BLOCK);
    }
}
