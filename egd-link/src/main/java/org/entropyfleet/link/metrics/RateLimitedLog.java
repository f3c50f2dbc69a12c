package org.entropyfleet.link.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Lets the first {@code burst} events of each reason per interval be logged in full, counts the rest
 * and writes one summary line per reason for the interval: a flood of connections costs a few lines
 * a minute, not one per connection. Summaries are written by {@link #flush()} (call it every
 * interval) or by the next event of the reason, whichever comes first. Reasons are logged by their
 * {@code toString()}.
 */
final class RateLimitedLog<R extends Enum<R>> {
    private final Logger log;
    private final String summaryEvent;
    private final int burst;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<R, Window> windows;

    private static final class Window {
        long start;
        int logged;
        long suppressed;

        Window(long start) {
            this.start = start;
        }
    }

    RateLimitedLog(Class<R> reasons, Logger log, String summaryEvent, int burst, Duration interval, LongSupplier nanoClock) {
        this.windows = new EnumMap<>(reasons);
        this.log = log;
        this.summaryEvent = summaryEvent;
        this.burst = burst;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether this event may be logged in full; if not, it is counted for the summary. */
    synchronized boolean allow(R reason) {
        long now = nanoClock.getAsLong();
        Window w = windows.computeIfAbsent(reason, r -> new Window(now));
        roll(reason, w, now);
        if (w.logged < burst) {
            w.logged++;
            return true;
        }
        w.suppressed++;
        return false;
    }

    /** Writes the summary of every interval that has ended; returns the events they summarised. */
    synchronized long flush() {
        long now = nanoClock.getAsLong();
        long total = 0;
        for (Map.Entry<R, Window> e : windows.entrySet()) {
            total += roll(e.getKey(), e.getValue(), now);
        }
        return total;
    }

    private long roll(R reason, Window w, long now) {
        if (now - w.start < intervalNanos) {
            return 0;
        }
        long summarised = w.suppressed;
        if (summarised > 0) {
            log.warn("event={} reason={} not-logged={} interval={}s", summaryEvent,
                    reason, summarised,
                    Duration.ofNanos(now - w.start).toSeconds());
        }
        w.start = now;
        w.logged = 0;
        w.suppressed = 0;
        return summarised;
    }
}
