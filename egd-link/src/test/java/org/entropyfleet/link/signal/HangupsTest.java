package org.entropyfleet.link.signal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.entropyfleet.link.testsupport.Poll;
import org.junit.jupiter.api.Test;

class HangupsTest {
    @Test
    void aHangupDuringStartUpIsAppliedOnceTheAgentRuns() throws Exception {
        Signals.Hangups h = new Signals.Hangups();
        h.signalled();
        h.signalled();   // two during start-up: one reload reads the newest config anyway
        AtomicInteger reloads = new AtomicInteger();
        h.onHangup(reloads::incrementAndGet);
        Poll.until(Duration.ofSeconds(10), "held reload run", () -> reloads.get() == 1);
        h.signalled();
        Poll.until(Duration.ofSeconds(10), "second reload run", () -> reloads.get() == 2);
    }
}
