package org.entropyfleet.host.pool;

import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.entropyfleet.link.ring.WipingRing;

/**
 * Bounded pool of conditioned entropy: sources put, clients take. Its parts: a {@link WipingRing}
 * (every byte handed out once, its slot wiped), {@link FairWaiters} (blocking takes served
 * round-robin per client), {@link ClientQuotas} with {@link QuotaRetry} (optional per-client rate) and
 * {@link PoolMetrics}. {@link #take} is the one place that decides whether a read is served now or waits.
 *
 * <p>Thread-safe, one lock; producers (source threads) may block in {@link #put}, consumers (event
 * loops) never block. Futures are completed outside the lock.
 */
public final class EntropyPool implements AutoCloseable {
    /** Bound on outstanding blocking takes across all clients. */
    public static final int MAX_WAITERS = 65_536;
    /** Upper bound of the free space a blocked producer waits for (see {@link #put}). */
    static final int MAX_REFILL_THRESHOLD = 16 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final int refillThreshold;
    private final WipingRing ring;
    private final PoolMetrics metrics;
    private final FairWaiters waiters;
    private final ClientQuotas quotas;
    private final QuotaRetry retry;
    /** Filled waiters whose futures are being completed outside the lock. */
    private final AtomicInteger handingOver = new AtomicInteger();
    private boolean closed;

    public EntropyPool(int capacity, Quota quota, MetricRegistry registry) {
        if (capacity < 256) {
            throw new IllegalArgumentException("pool-size must be ≥ 256 bytes");
        }
        this.ring = new WipingRing(capacity);
        this.refillThreshold = Math.min(MAX_REFILL_THRESHOLD, capacity / 4);
        this.metrics = new PoolMetrics(registry, capacity, this::available, this::waiterCount);
        this.waiters = new FairWaiters(MAX_WAITERS, metrics);
        this.quotas = new ClientQuotas(quota, waiters::waits);
        this.retry = new QuotaRetry(lock, this::dispatch);
    }

    private int locked(IntSupplier read) {
        return underLock(read::getAsInt);
    }

    private <T> T underLock(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private int waiterCount() {
        return locked(waiters::count);
    }

    public int available() {
        return locked(ring::size);
    }

    /** Blocking takes not yet answered, filled ones included until the reply is queued: shutdown waits for 0. */
    public int waiting() {
        return locked(() -> waiters.count() + handingOver.get());
    }

    public long availableBits() {
        return available() * 8L;
    }

    /** Replaces the per-client quota (null = unlimited), e.g. on SIGHUP. Existing buckets keep their level. */
    public void setQuota(Quota q) {
        locked(() -> {
            quotas.set(q);
            return 0;
        });
        dispatch();
    }

    /** Adds as much as fits without blocking. @return bytes accepted */
    public int offer(byte[] b, int off, int len) {
        int n;
        boolean waiting;
        lock.lock();
        try {
            n = closed ? 0 : write(b, off, len);
            waiting = !waiters.isEmpty();
        } finally {
            lock.unlock();
        }
        if (n > 0 && waiting) {
            dispatch();
        }
        return n;
    }

    /**
     * Adds all bytes, waiting for room, so a full pool slows the source thread's reading. A producer that
     * found the pool full waits until a quarter of it (at most 16 KiB) is free: no ping-pong per small take.
     */
    public void put(byte[] b, int off, int len) throws InterruptedException {
        int done = 0;
        while (done < len) {
            boolean waiting;
            lock.lockInterruptibly();
            try {
                if (ring.free() == 0) {
                    while (ring.free() < refillThreshold && !closed) {
                        notFull.await();
                    }
                }
                if (closed) {
                    return;
                }
                done += write(b, off + done, len - done);
                waiting = !waiters.isEmpty();
            } finally {
                lock.unlock();
            }
            if (waiting) {
                // Only blocking takes wait for new bytes; without them a put is just the copy above
                // (source threads put up to 4 KiB of conditioned bytes at a time: see SourceSink).
                dispatch();
            }
        }
    }

    /** 0x01: never waits; up to {@code max} bytes, fewer (maybe none) if the pool or the client's quota is short. */
    public byte[] takeNow(String client, int max) {
        return underLock(() -> handOver(client,
                (int) Math.max(0, Math.min(Math.min(max, ring.size()), quotas.allowance(client, System.nanoTime())))));
    }

    /**
     * 0x02: exactly {@code count} bytes. Served at once (an already completed future) when nobody is
     * queued ahead, so fairness has nothing to arbitrate, and pool and quota cover the whole read: the
     * common case, one lock and no waiter. Otherwise the read waits its turn. Cancelling the future puts
     * the bytes already set aside for it back into the pool for the next reader: they were never sent.
     */
    public CompletableFuture<byte[]> take(String client, int count) {
        if (count <= 0) {
            return CompletableFuture.completedFuture(new byte[0]);
        }
        CompletableFuture<byte[]> f;
        lock.lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("pool closed"));
            }
            if (servableAtOnce(client, count)) {
                return CompletableFuture.completedFuture(handOver(client, count));
            }
            f = new CompletableFuture<>();
            Waiter w = new Waiter(client, count, f);
            if (!waiters.add(w)) {
                return CompletableFuture.failedFuture(new IllegalStateException("too many waiting reads (" + MAX_WAITERS + ")"));
            }
            // a read abandoned by its connection (timeout, close) leaves the queue at once, its bytes put back
            f.whenComplete((v, e) -> {
                if (e != null && locked(() -> waiters.remove(w, ring)) > 0) {
                    dispatch();
                }
            });
        } finally {
            lock.unlock();
        }
        dispatch();
        return f;
    }

    /**
     * 0x02 reads served together: exactly {@code count} bytes if {@link #take} would serve that much at
     * once (nobody queued ahead, pool and quota covering all of it), else null and nothing taken.
     */
    public byte[] takeAtOnce(String client, int count) {
        lock.lock();
        try {
            return !closed && servableAtOnce(client, count) ? handOver(client, count) : null;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private boolean servableAtOnce(String client, int count) {
        return waiters.isEmpty() && ring.size() >= count
                && (!quotas.limited() || quotas.allowance(client, System.nanoTime()) >= count);
    }

    /** Caller holds the lock; {@code n} is covered by pool and quota. */
    private byte[] handOver(String client, int n) {
        byte[] out = ring.read(n);
        if (n > 0) {
            quotas.consume(client, n);
            took(n);
        }
        return out;
    }

    /**
     * Takes back the bytes of a read that was completed after its reader had gone (the reply was never
     * sent): the next reader gets them, each byte still handed out once. {@code b} is wiped.
     */
    public void putBack(byte[] b) {
        boolean waiting;
        lock.lock();
        try {
            int back = closed ? 0 : ring.write(b, 0, b.length);
            metrics.handedBack(b.length, back);
            waiting = back > 0 && !waiters.isEmpty();
        } finally {
            lock.unlock();
            Arrays.fill(b, (byte) 0);
        }
        if (waiting) {
            dispatch();
        }
    }

    /** Hands available bytes to waiters (see {@link FairWaiters#serve}); completes futures outside the lock. */
    private void dispatch() {
        List<Waiter> done = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            int before = ring.size();
            long nextRetry = waiters.serve(ring, quotas, now, done);
            took(before - ring.size());
            handingOver.addAndGet(done.size());
            if (nextRetry != Long.MAX_VALUE) {
                retry.schedule(now, nextRetry);
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : done) {
            try {
                if (!w.future.complete(w.buf)) {   // cancelled after it was filled: never sent
                    putBack(w.buf);
                }
            } finally {
                handingOver.decrementAndGet();
            }
        }
    }

    /** Caller holds the lock. */
    private int write(byte[] b, int off, int len) {
        int n = ring.write(b, off, len);
        metrics.in(n);
        return n;
    }

    /** Caller holds the lock; {@code n} bytes just left the ring. */
    private void took(int n) {
        metrics.out(n);
        if (n > 0 && ring.free() >= refillThreshold) {
            notFull.signalAll();
        }
    }

    @Override
    public void close() {
        List<Waiter> pending;
        lock.lock();
        try {
            closed = true;
            pending = waiters.clear();
            ring.wipe();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        retry.close();
        for (Waiter w : pending) {
            w.wipe();
            w.future.completeExceptionally(new IllegalStateException("pool closed"));
        }
    }
}
