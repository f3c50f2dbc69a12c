package org.entropyfleet.link.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.event.EventRecordingLogger;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

class RateLimitedLogTest {
    private final ConcurrentLinkedQueue<SubstituteLoggingEvent> lines = new ConcurrentLinkedQueue<>();
    private final SubstituteLogger target = new SubstituteLogger("test", lines, false);
    private final AtomicLong now = new AtomicLong();
    private final MetricRegistry metrics = new MetricRegistry();
    private final RateLimitedLog log = new RateLimitedLog(new EventRecordingLogger(target, lines), "refused", metrics, 3,
            Duration.ofSeconds(60), now::get);

    private List<String> messages() {
        return lines.stream().map(SubstituteLoggingEvent::getMessage).toList();
    }

    @Test
    void aStormCostsTheFirstLinesAndOneSummaryPerReasonAndInterval() {
        for (int i = 0; i < 10_000; i++) {
            log.warn("closed", "line {}", i);
        }
        log.warn("untrusted", "other reason");
        assertEquals(4, lines.size(), messages().toString());
        assertEquals(10_000, metrics.counter("log.events.refused.closed").getCount(), "every event counted");

        now.addAndGet(Duration.ofSeconds(61).toNanos());
        log.flush();
        assertEquals(5, lines.size());
        assertTrue(messages().get(4).contains("event=log-suppressed"), messages().get(4));
        SubstituteLoggingEvent summary = lines.stream().toList().get(4);
        assertEquals(List.of("refused", "closed", 9_997L, 60L), List.of(summary.getArgumentArray()));
    }

    @Test
    void aNewIntervalLogsAgainAndARareReasonIsNeverSuppressed() {
        for (int i = 0; i < 5; i++) {
            log.warn("closed", "a");
        }
        now.addAndGet(Duration.ofSeconds(60).toNanos());
        log.warn("closed", "b");
        // 3 lines, then the summary of the 2 left out (written when the next interval starts), then "b"
        assertEquals(5, lines.size(), messages().toString());
        assertEquals("b", messages().get(4));
        log.flush();
        assertEquals(5, lines.size(), "nothing left out in this interval: no summary");
    }
}
