package org.entropyfleet.link.egd;

import com.codahale.metrics.MetricRegistry;
import org.entropyfleet.link.log.RateLimitedLog;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one log line for every connection an EGD server closes on its own (timeouts, protocol errors,
 * refused writes). Any authenticated or local peer can make these happen as often as it likes, so the
 * lines are rate-limited per reason and counted in {@code log.events.egd-close.<reason>}.
 *
 * <p>Process-wide on purpose: the handlers are created per connection deep inside the codec, and one
 * process runs one agent. The agent hands over its registry once at start-up ({@link #countInto}).
 */
public final class EgdCloseLog {
    private static volatile RateLimitedLog log = newLog(new MetricRegistry());

    private EgdCloseLog() {
    }

    /** Counts closes in {@code metrics} from now on. */
    public static void countInto(MetricRegistry metrics) {
        log = newLog(metrics);
    }

    /** @param reason one of a small fixed set (it names a metric): partial-frame, idle, protocol, … */
    static void closing(Level level, Object peer, String reason, String detail) {
        log.log(level, reason, "event=egd-close peer={} reason={} detail=\"{}\"", peer, reason, detail);
    }

    private static RateLimitedLog newLog(MetricRegistry metrics) {
        return new RateLimitedLog(LoggerFactory.getLogger(EgdServerHandler.class), "egd-close", metrics);
    }
}
