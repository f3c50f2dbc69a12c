package org.entropyfleet.link.local;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refusals are triggered by local users at will, so their log lines are rationed: the first
 * {@link #LINES_PER_INTERVAL} per reason per {@link #INTERVAL_NANOS}, then one summary line with the
 * number left out, written with the next refusal after the interval.
 */
final class RefusalLog {
    static final int LINES_PER_INTERVAL = 5;
    static final long INTERVAL_NANOS = 60_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(LocalConnectionLimit.class);

    private static final class Window {
        long start;
        int logged;
        long suppressed;
    }

    private final Map<LocalConnectionLimit.Reason, Window> windows = new EnumMap<>(LocalConnectionLimit.Reason.class);
    private final LongSupplier clock;
    private final String endpoint;

    RefusalLog(String endpoint, LongSupplier clock) {
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** @return true when the line was written (for tests) */
    synchronized boolean refused(LocalConnectionLimit.Reason reason, String details) {
        long now = clock.getAsLong();
        Window w = windows.computeIfAbsent(reason, r -> {
            Window n = new Window();
            n.start = now;
            return n;
        });
        if (now - w.start >= INTERVAL_NANOS) {
            if (w.suppressed > 0) {
                LOG.warn("event=local-client-refused-summary endpoint=\"{}\" reason={} not-logged={} interval=60s",
                        endpoint, reason.label(), w.suppressed);
            }
            w.start = now;
            w.logged = 0;
            w.suppressed = 0;
        }
        if (w.logged >= LINES_PER_INTERVAL) {
            w.suppressed++;
            return false;
        }
        w.logged++;
        LOG.warn("event=local-client-refused endpoint=\"{}\" reason={} {}", endpoint, reason.label(), details);
        return true;
    }
}
