package org.entropyfleet.host.serve;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Timer;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.TimeUnit;

/**
 * {@code host.serve.read-latency}: how long 0x02 reads waited for entropy, a plain Dropwizard
 * {@link Timer} whose quantiles are over the last {@link #WINDOW} reads. Almost every read is served
 * at once and counts as a zero wait. A full {@link Timer#update} per read (a clock read, three moving
 * averages, the reservoir) was a visible share of the event loop's time per pipelined request, so each
 * thread counts its zero waits and records them {@link #BATCH} at a time: every zero still goes into
 * the reservoir (so the timer's count is exact), the meter is marked once per batch. The timer lags
 * by fewer than {@link #BATCH} reads per serving thread; a waited read first records its thread's zeros,
 * so samples stay in order.
 */
final class ReadLatency {
    static final String NAME = "host.serve.read-latency";
    /** Dropwizard's default reservoir size: the quantiles cover as many reads as a default timer's. */
    static final int WINDOW = 1028;
    /** Zero waits a thread counts before recording them; at most {@link #WINDOW}, or some would be lost. */
    static final int BATCH = 64;

    private final Meter meter = new Meter();
    private final Histogram histogram;
    private final Timer timer;
    private final FastThreadLocal<int[]> zeros = new FastThreadLocal<>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    ReadLatency(MetricRegistry metrics) {
        this(metrics, WINDOW);
    }

    ReadLatency(MetricRegistry metrics, int window) {
        histogram = new Histogram(new SlidingWindowReservoir(window));
        timer = new Timer(meter, histogram, Clock.defaultClock());
        metrics.remove(NAME);
        metrics.register(NAME, timer);
    }

    /** A read served without waiting. */
    void servedAtOnce() {
        servedAtOnce(1);
    }

    /** {@code reads} reads served without waiting. */
    void servedAtOnce(int reads) {
        int[] n = zeros.get();
        n[0] += reads;
        if (n[0] >= BATCH) {
            record(n);
        }
    }

    /** A read that waited {@code nanos} for its bytes. */
    void waited(long nanos) {
        flush();
        timer.update(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records this thread's counted zero waits now. */
    void flush() {
        int[] n = zeros.get();
        if (n[0] > 0) {
            record(n);
        }
    }

    private void record(int[] n) {
        for (int i = n[0]; i > 0; i--) {
            histogram.update(0);
        }
        meter.mark(n[0]);
        n[0] = 0;
    }

    Timer timer() {
        return timer;
    }
}
