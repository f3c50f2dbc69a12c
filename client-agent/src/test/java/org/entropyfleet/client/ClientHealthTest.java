package org.entropyfleet.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.entropyfleet.client.upstream.UpstreamHost;
import org.entropyfleet.link.metrics.Health;
import org.junit.jupiter.api.Test;

class ClientHealthTest {
    private static final UpstreamHost FIRST = new UpstreamHost("rng1", 7776);
    private static final UpstreamHost SECOND = new UpstreamHost("rng2", 7776);

    @Test
    void okOnTheFirstHost() {
        assertEquals(Health.OK, ClientHealth.evaluate(FIRST, FIRST, 0, -1));
        assertEquals(Health.OK, ClientHealth.evaluate(FIRST, FIRST, 256, 1024));
    }

    @Test
    void degradedOnAFallbackHostOrWithTheLocalBufferEmpty() {
        assertEquals("degraded: on fallback host rng2:7776, preferred host rng1:7776 unreachable; local buffer empty",
                ClientHealth.evaluate(SECOND, FIRST, 256, 0).body());
        assertEquals("degraded: local buffer empty", ClientHealth.evaluate(FIRST, FIRST, 256, 0).body());
    }

    @Test
    void noHostIsDownOnlyWhenNothingWasCreditedOrIsBuffered() {
        Health down = ClientHealth.evaluate(null, FIRST, 0, 0);
        assertEquals("down: no host reachable", down.body());
        assertEquals(503, down.httpStatus());
        assertEquals(Health.Level.DOWN, ClientHealth.evaluate(null, FIRST, 0, -1).level());
        assertEquals("degraded: no host reachable (256 bits credited to the kernel since start)",
                ClientHealth.evaluate(null, FIRST, 256, -1).body());
        assertEquals(Health.Level.DEGRADED, ClientHealth.evaluate(null, FIRST, 0, 100).level());
    }
}
