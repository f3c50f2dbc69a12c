package org.entropyfleet.client.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import java.time.Duration;
import org.entropyfleet.link.retry.Backoff;
import org.junit.jupiter.api.Test;

/** The per-host state machine, without sockets: transitions, backoff and what status shows. */
class HostLinkTest {
    private static final Backoff SHORT = Backoff.exact(Duration.ofMillis(250), Duration.ofSeconds(20));
    private static final Backoff LONG = Backoff.exact(Duration.ofSeconds(5), Duration.ofMinutes(5));

    private final HostLink link = new HostLink(new UpstreamHost("rng1", 7776), new Counter());

    @Test
    void transportFailuresBackOffShortlyAndAnAnswerClearsThem() {
        assertEquals(HostLink.State.IDLE, link.state());
        assertTrue(link.due(0));
        assertEquals("rng1:7776 (not tried)", link.describe());
        link.connecting(new HostSession(link.host, null));
        assertEquals(HostLink.State.CONNECTING, link.state());
        assertFalse(link.due(0), "a host with a connection under way is not tried again");
        link.failed("connection refused", SHORT, 1_000);
        link.failed("connection refused", SHORT, 2_000);
        assertEquals(HostLink.State.DOWN, link.state());
        assertEquals(2_000 + 500_000_000L, link.retryAtNanos(), "second failure: 2 × 250 ms");
        assertEquals("rng1:7776 (connection refused)", link.describe());
        link.up();
        assertEquals(HostLink.State.UP, link.state());
        assertNull(link.lastError());
        assertEquals("rng1:7776 (connected)", link.describe());
    }

    @Test
    void refusalsBackOffLongUntilOurTlsFilesChange() {
        link.refused("host refused our certificate: expired", LONG, 0);
        assertEquals(HostLink.State.REFUSED, link.state());
        assertFalse(link.due(4_999_999_999L));
        assertTrue(link.forgetRefusals(7));
        assertEquals(HostLink.State.IDLE, link.state());
        assertTrue(link.due(7));
        assertFalse(link.forgetRefusals(8), "nothing left to forget");
    }
}
