package org.entropyfleet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.entropyfleet.link.metrics.Health;
import org.junit.jupiter.api.Test;

class CrlHealthTest {
    @Test
    void anExpiredCrlDegradesNamingIt() {
        assertEquals(Health.OK, HostAgent.crlHealth(List.of()));
        assertEquals("degraded: CRL of 'CN=ca' expired at 2026-01-01T00:00:00Z",
                HostAgent.crlHealth(List.of("CRL of 'CN=ca' expired at 2026-01-01T00:00:00Z")).body());
    }
}
