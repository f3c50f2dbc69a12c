package org.entropyfleet.client.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Counter;
import java.time.Duration;
import org.entropyfleet.link.retry.Backoff;
import org.entropyfleet.link.retry.ReconnectBackoff;
import org.junit.jupiter.api.Test;

/** The per-host state machine, without sockets: transitions, backoff and what status shows. */
class HostLinkTest {
    private static final ReconnectBackoff SHORT = new ReconnectBackoff(
            Backoff.exact(UpstreamSettings.BACKOFF_INITIAL, UpstreamSettings.BACKOFF_MAX),
            UpstreamSettings.RESTART_WINDOW, UpstreamSettings.RESTART_BACKOFF_MAX);
    private static final long MS = 1_000_000;
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
    void aHostLostWhileServingIsRetriedWithinASecondUntilTheRestartWindowEnds() {
        link.connecting(new HostSession(link.host, null));
        link.up();
        link.failed("connection reset", SHORT, 0);   // lost while serving: a restart, most likely
        assertEquals(250 * MS, link.retryAtNanos());
        long now = 0;
        for (int i = 2; i <= 12; i++) {   // 0.25 + 0.5 + 9 × 1 s: the 12th failure comes 9.75 s after the loss
            now = link.retryAtNanos();
            link.failed("connection refused", SHORT, now);
            assertTrue(link.retryAtNanos() - now <= 1_000 * MS, i + " failures, " + now / MS + " ms after the loss");
        }
        now = link.retryAtNanos();
        link.failed("connection refused", SHORT, now);
        assertEquals(8_000 * MS, link.retryAtNanos() - now, "past the window: the plain schedule's 6th wait, as it would stand");
        link.connecting(new HostSession(link.host, null));
        link.up();
        link.failed("connection reset", SHORT, 60_000 * MS);
        assertEquals(250 * MS, link.retryAtNanos() - 60_000 * MS, "served again: a new window");
    }

    @Test
    void aHostNeverSeenServingOrThatRefusedUsBacksOffOnThePlainSchedule() {
        for (int i = 1; i <= 4; i++) {
            link.failed("connection refused", SHORT, i);
        }
        assertEquals(2_000 * MS, link.retryAtNanos() - 4, "4th failure: 250 ms · 2³, no cap");
        HostLink other = new HostLink(new UpstreamHost("rng2", 7776), new Counter());
        other.connecting(new HostSession(other.host, null));
        other.up();
        other.failed("connection reset", SHORT, 0);
        other.refused("host refused our certificate: revoked", LONG, 1);
        for (int i = 1; i <= 4; i++) {
            other.failed("connection refused", SHORT, 1 + i);
        }
        assertEquals(4_000 * MS, other.retryAtNanos() - 5, "5th transport failure: the plain 4 s, a refusal ended the window");
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
