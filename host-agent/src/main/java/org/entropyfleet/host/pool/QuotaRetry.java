package org.entropyfleet.host.pool;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the pool when a waiting client held back only by its quota may take again: no source put or
 * new read would, if the pool is full. At most one wake-up is pending, the earliest needed.
 */
final class QuotaRetry implements AutoCloseable {
    /** Shortest wait, so a bucket a fraction of a byte short does not spin the timer. */
    static final long MIN_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final ReentrantLock lock;
    private final Runnable dispatch;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pool-quota-timer");
        t.setDaemon(true);
        return t;
    });
    private long retryAtNanos = Long.MAX_VALUE;   // guarded by lock

    /** {@code dispatch} is run, without the lock held, at the wake-up. */
    QuotaRetry(ReentrantLock lock, Runnable dispatch) {
        this.lock = lock;
        this.dispatch = dispatch;
    }

    /** Caller holds the lock. */
    void schedule(long now, long delayNanos) {
        long delay = Math.max(delayNanos, MIN_DELAY_NANOS);
        long at = now + delay;
        if (at >= retryAtNanos && retryAtNanos > now) {
            return;   // an earlier retry is already pending
        }
        retryAtNanos = at;
        try {
            timer.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedAlready) {
            retryAtNanos = Long.MAX_VALUE;
        }
    }

    private void fire() {
        lock.lock();
        try {
            retryAtNanos = Long.MAX_VALUE;
        } finally {
            lock.unlock();
        }
        dispatch.run();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
