package org.entropyfleet.host.source;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.health.SourceHealth;
import org.entropyfleet.link.retry.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source that opens a byte stream, reads it on its own thread and feeds a {@link SourceSink}. When the
 * stream ends, fails or delivers nothing for the stall timeout, it is closed and reopened after an
 * exponential backoff; the state is logged once per change, not once per attempt.
 */
public abstract class StreamSource implements AutoCloseable {
    /**
     * Read buffer. Large enough for a whole pipe's worth (64 KiB) so a fast source costs one system
     * call and one pass through the health tests per 64 KiB rather than per 4 KiB.
     */
    static final int READ_BUFFER = 64 * 1024;
    /** A connection that lived this long resets the backoff to its initial value. */
    static final long BACKOFF_RESET_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final Logger LOG = LoggerFactory.getLogger(StreamSource.class);

    /** Lifecycle of the stream, as logged and exported. */
    public enum State { STARTING, RUNNING, STALLED, FAILED, DISABLED, STOPPED }

    /** One opened stream; {@link #close} from another thread must unblock a pending read. */
    protected interface Connection extends Closeable {
        /** @return bytes read into buf (> 0), or -1 at end of stream */
        int read(byte[] buf) throws IOException, InterruptedException;
    }

    protected final SourceSettings settings;
    private final SourceSink sink;
    private final Thread thread;
    private final Counter bytesGathered;
    private final Counter reopens;
    private final Counter stalls;
    private volatile boolean running = true;
    private volatile State state = State.STARTING;
    private volatile Connection current;
    private volatile long lastDataNanos;
    private volatile boolean stalled;
    private volatile boolean inSink;   // blocked handing bytes to a full pool: that is not a stall

    protected StreamSource(SourceSettings settings, SourceSink sink, MetricRegistry metrics) {
        this.settings = settings;
        this.sink = sink;
        String base = MetricRegistry.name("host.source", settings.name());
        bytesGathered = metrics.counter(MetricRegistry.name(base, "bytes-gathered"));
        reopens = metrics.counter(MetricRegistry.name(base, "reopens"));
        stalls = metrics.counter(MetricRegistry.name(base, "stalls"));
        String up = MetricRegistry.name(base, "up");
        metrics.remove(up);
        metrics.register(up, (Gauge<Integer>) () -> state == State.RUNNING ? 1 : 0);
        // which way a source is not up (stalled, failed…) is what status tells the operator
        String streamState = MetricRegistry.name(base, "stream-state");
        metrics.remove(streamState);
        metrics.register(streamState, (Gauge<Integer>) () -> state.ordinal());
        this.thread = new Thread(this::loop, "source-" + settings.name());
        thread.setDaemon(true);
    }

    /** Opens the stream; may block (the source thread is its own). */
    protected abstract Connection open() throws IOException, InterruptedException;

    /** Human description for logs, e.g. "device /dev/hwrng". */
    protected abstract String describe();

    public final String name() {
        return settings.name();
    }

    public final State state() {
        return state;
    }

    public final SourceHealth.State healthState() {
        return sink.healthState();
    }

    public final long bytesGathered() {
        return bytesGathered.getCount();
    }

    public final long reopens() {
        return reopens.getCount();
    }

    public final long stalls() {
        return stalls.getCount();
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        Backoff backoff = Backoff.exact(settings.backoffInitial(), settings.backoffMax());
        int failures = 0;
        byte[] buf = new byte[READ_BUFFER];
        boolean first = true;
        try {
            while (running) {
                if (!first) {
                    reopens.inc();
                }
                first = false;
                long openedAt = System.nanoTime();
                String failure = runOnce(buf);
                if (!running) {
                    break;
                }
                if (sink.healthState() == SourceHealth.State.DISABLED) {
                    setState(State.DISABLED, "health tests failed persistently; source stays off until restart");
                    break;
                }
                if (System.nanoTime() - openedAt >= BACKOFF_RESET_NANOS) {
                    failures = 0;
                }
                if (stalled) {
                    stalls.inc();
                    setState(State.STALLED, "no bytes for " + settings.stallTimeout() + "; reopening with backoff");
                } else {
                    setState(State.FAILED, failure + "; reopening with backoff");
                }
                TimeUnit.NANOSECONDS.sleep(backoff.delayNanos(++failures));   // production backoff, interrupted by close()
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Arrays.fill(buf, (byte) 0);
            if (state != State.DISABLED) {
                setState(State.STOPPED, "closed");
            }
        }
    }

    /** @return why the stream ended */
    private String runOnce(byte[] buf) throws InterruptedException {
        stalled = false;
        Connection c;
        try {
            c = open();
        } catch (IOException | RuntimeException e) {
            // a runtime failure (e.g. from Netty) must not kill the source thread: retry like any failure
            return "open failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
        }
        sink.resetStream();
        lastDataNanos = System.nanoTime();
        current = c;
        try {
            while (running) {
                int n = c.read(buf);
                if (n < 0) {
                    return "end of stream";
                }
                if (n > 0) {
                    lastDataNanos = System.nanoTime();
                    bytesGathered.inc(n);
                    setState(State.RUNNING, describe());
                    inSink = true;
                    try {
                        sink.accept(buf, 0, n);
                    } finally {
                        inSink = false;
                        lastDataNanos = System.nanoTime();
                    }
                    if (sink.healthState() == SourceHealth.State.DISABLED) {
                        return "disabled";
                    }
                }
            }
            return "stopped";
        } catch (IOException | RuntimeException e) {
            return stalled ? "stalled" : "read failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
        } finally {
            current = null;
            closeQuietly(c);
        }
    }

    /** Called by {@link SourceWatchdog}: closes a stream that has been silent for the stall timeout. */
    final void checkStall(long nowNanos) {
        Connection c = current;
        if (c != null && !inSink && nowNanos - lastDataNanos > settings.stallTimeout().toNanos() && !stalled) {
            stalled = true;
            closeQuietly(c);
        }
    }

    private void setState(State next, String detail) {
        State prev = state;
        if (prev == next) {
            return;
        }
        state = next;
        String msg = "event=source-state source={} from={} to={} detail=\"{}\"";
        if (next == State.RUNNING || next == State.STOPPED) {
            LOG.info(msg, settings.name(), prev, next, detail);
        } else if (next == State.DISABLED) {
            LOG.error(msg, settings.name(), prev, next, detail);
        } else {
            LOG.warn(msg, settings.name(), prev, next, detail);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort; the stream is abandoned either way
        }
    }

    @Override
    public void close() {
        running = false;
        Connection c = current;
        if (c != null) {
            closeQuietly(c);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
