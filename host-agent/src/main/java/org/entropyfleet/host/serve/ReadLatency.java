package org.entropyfleet.host.serve;

import com.codahale.metrics.Clock;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code host.serve.read-latency}: how long 0x02 reads waited for entropy. Almost every read is served
 * at once from the pool; those are recorded as zero waits by {@link #servedAtOnce()}, one counter
 * increment, and folded into the timer's rate, count and samples when the timer is read or a waited
 * read is recorded. A full {@link Timer#update} per read (clock reads, moving averages, reservoir) was
 * a visible share of the event loop's time per pipelined request.
 *
 * <p>Quantiles are over the last {@code window} reads (a sliding window).
 */
final class ReadLatency extends Timer {
    private final Meter meter;
    private final Histogram histogram;
    private final int window;
    private final LongAdder atOnce = new LongAdder();

    static ReadLatency create(int window) {
        return new ReadLatency(new Meter(), new Histogram(new SlidingWindowReservoir(window)), window);
    }

    private ReadLatency(Meter meter, Histogram histogram, int window) {
        super(meter, histogram, Clock.defaultClock());
        this.meter = meter;
        this.histogram = histogram;
        this.window = window;
    }

    /** A read served without waiting. */
    void servedAtOnce() {
        atOnce.increment();
    }

    private void fold() {
        long n = atOnce.sumThenReset();
        if (n > 0) {
            meter.mark(n);
            // older zeros would fall out of the sliding window anyway
            for (long i = Math.min(n, window); i > 0; i--) {
                histogram.update(0);
            }
        }
    }

    @Override
    public void update(long duration, TimeUnit unit) {
        fold();
        super.update(duration, unit);
    }

    @Override
    public long getCount() {
        fold();
        // Timer counts its histogram's updates; the zero waits beyond the window are only in the meter
        return meter.getCount();
    }

    @Override
    public double getFifteenMinuteRate() {
        fold();
        return super.getFifteenMinuteRate();
    }

    @Override
    public double getFiveMinuteRate() {
        fold();
        return super.getFiveMinuteRate();
    }

    @Override
    public double getMeanRate() {
        fold();
        return super.getMeanRate();
    }

    @Override
    public double getOneMinuteRate() {
        fold();
        return super.getOneMinuteRate();
    }

    @Override
    public Snapshot getSnapshot() {
        fold();
        return super.getSnapshot();
    }
}
