package org.entropyfleet.link.log;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines that a peer can trigger at will (a refused handshake, a protocol error, a connection
 * over a limit). Each reason gets the first {@code perInterval} lines of every interval; the rest
 * are only counted, and one summary line per reason reports how many were left out
 * ({@code event=log-suppressed reason=… suppressed=N}). A storm of any size therefore costs at most
 * {@code reasons × (perInterval + 1)} lines per interval, while a rare event is always logged in full.
 *
 * <p>Every call is counted in {@code log.events.<name>.<reason>} whether or not it was written,
 * so the metric keeps the true rate that the log no longer shows. Thread-safe.
 */
public final class RateLimitedLog {
    public static final int DEFAULT_PER_INTERVAL = 10;
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** One daemon thread for every instance: writes the summaries of intervals nobody logs into any more. */
    private static final ScheduledExecutorService FLUSHER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "log-summary");
        t.setDaemon(true);
        return t;
    });

    private final Logger log;
    private final String name;
    private final int perInterval;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final MetricRegistry metrics;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimitedLog(Logger log, String name, MetricRegistry metrics) {
        this(log, name, metrics, DEFAULT_PER_INTERVAL, DEFAULT_INTERVAL, System::nanoTime);
        scheduleFlush(new WeakReference<>(this), DEFAULT_INTERVAL.toMillis());
    }

    /** Weakly held, so a discarded instance (a replaced context, a test) is not kept alive by its timer. */
    private static void scheduleFlush(WeakReference<RateLimitedLog> ref, long ms) {
        FLUSHER.schedule(() -> {
            RateLimitedLog l = ref.get();
            if (l != null) {
                l.flush();
                scheduleFlush(ref, ms);
            }
        }, ms, TimeUnit.MILLISECONDS);
    }

    /** For tests: no background flushing; call {@link #flush()} to close elapsed intervals. */
    RateLimitedLog(Logger log, String name, MetricRegistry metrics, int perInterval, Duration interval,
                   LongSupplier nanoClock) {
        if (perInterval < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("perInterval ≥ 1 and interval > 0 required");
        }
        this.log = log;
        this.name = name;
        this.perInterval = perInterval;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.metrics = metrics == null ? new MetricRegistry() : metrics;
    }

    /**
     * Logs {@code format} (SLF4J style) at {@code level} unless this reason already used its lines in
     * this interval. {@code reason} must come from a small fixed set (it names a metric).
     */
    public void log(Level level, String reason, String format, Object... args) {
        Window w = windows.computeIfAbsent(reason, r -> new Window(r, metrics.counter(MetricRegistry.name("log.events", name, r))));
        w.events.inc();
        if (w.admit(nanoClock.getAsLong())) {
            log.atLevel(level).log(format, args);
        }
    }

    public void warn(String reason, String format, Object... args) {
        log(Level.WARN, reason, format, args);
    }

    public void info(String reason, String format, Object... args) {
        log(Level.INFO, reason, format, args);
    }

    /** Writes the summary of every interval that has ended with lines left out. */
    public void flush() {
        long now = nanoClock.getAsLong();
        windows.values().forEach(w -> w.closeIfElapsed(now));
    }

    /** Events of one reason, written or not, since the counter was created. */
    public long events(String reason) {
        Window w = windows.get(reason);
        return w == null ? 0 : w.events.getCount();
    }

    private final class Window {
        final String reason;
        final Counter events;
        private long start = Long.MIN_VALUE;
        private int written;
        private long suppressed;

        Window(String reason, Counter events) {
            this.reason = reason;
            this.events = events;
        }

        synchronized boolean admit(long now) {
            if (start == Long.MIN_VALUE || now - start >= intervalNanos) {
                summarise();
                start = now;
                written = 0;
            }
            if (written < perInterval) {
                written++;
                return true;
            }
            suppressed++;
            return false;
        }

        synchronized void closeIfElapsed(long now) {
            if (start != Long.MIN_VALUE && now - start >= intervalNanos) {
                summarise();
                start = Long.MIN_VALUE;
            }
        }

        private void summarise() {
            if (suppressed == 0) {
                return;
            }
            log.warn("event=log-suppressed log={} reason={} suppressed={} interval={}s", name, reason, suppressed,
                    TimeUnit.NANOSECONDS.toSeconds(intervalNanos));
            suppressed = 0;
        }
    }
}
