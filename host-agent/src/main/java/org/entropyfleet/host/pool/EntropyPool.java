package org.entropyfleet.host.pool;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded pool of conditioned entropy. Every byte is handed out at most once: taking removes it and
 * wipes the ring slot. Blocking takes wait in per-client queues served round-robin in small chunks,
 * so a greedy client gets its share but cannot starve others; an optional per-client token bucket
 * caps each client's rate. Thread-safe; producers (source threads) may block in {@link #put}, consumers
 * (event loops) never block.
 */
public final class EntropyPool implements AutoCloseable {
    /** Bound on outstanding blocking takes across all clients. */
    public static final int MAX_WAITERS = 65_536;
    /** Bound on remembered per-client quota buckets; the least recently used bucket is forgotten first. */
    public static final int MAX_TRACKED_CLIENTS = ClientQuotas.MAX_TRACKED_CLIENTS;
    /** Upper bound of the free space a blocked producer waits for (see {@link #put}). */
    static final int MAX_REFILL_THRESHOLD = 16 * 1024;
    /** Bytes a waiting client gets per round-robin turn. */
    static final int FAIR_CHUNK = 32;

    private final int refillThreshold;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final byte[] ring;
    private int head;   // next byte to take
    private int size;
    private final ClientQuotas quotas;
    private final Map<String, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final ArrayDeque<String> turn = new ArrayDeque<>();   // clients with waiters, in round-robin order
    private int waiterCount;
    /** Filled waiters whose futures are being completed outside the lock. */
    private final java.util.concurrent.atomic.AtomicInteger handingOver = new java.util.concurrent.atomic.AtomicInteger();
    private boolean closed;
    private long retryAtNanos = Long.MAX_VALUE;
    private final ScheduledExecutorService timer;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter bytesDropped;

    public EntropyPool(int capacity, Quota quota, MetricRegistry metrics) {
        if (capacity < 256) {
            throw new IllegalArgumentException("pool-size must be ≥ 256 bytes");
        }
        this.ring = new byte[capacity];
        this.refillThreshold = Math.min(MAX_REFILL_THRESHOLD, capacity / 4);
        this.quotas = new ClientQuotas(quota, waiting::containsKey);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pool-quota-timer");
            t.setDaemon(true);
            return t;
        });
        bytesIn = metrics.counter("host.pool.bytes-in");
        bytesOut = metrics.counter("host.pool.bytes-out");
        bytesDropped = metrics.counter("host.pool.bytes-discarded");
        metrics.remove("host.pool.level-bytes");
        metrics.register("host.pool.level-bytes", (Gauge<Integer>) this::available);
        metrics.remove("host.pool.capacity-bytes");
        metrics.register("host.pool.capacity-bytes", (Gauge<Integer>) () -> capacity);
        metrics.remove("host.pool.waiters");
        metrics.register("host.pool.waiters", (Gauge<Integer>) () -> {
            lock.lock();
            try {
                return waiterCount;
            } finally {
                lock.unlock();
            }
        });
    }

    public int capacity() {
        return ring.length;
    }

    public int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocking takes not yet answered, counting filled ones until their futures have completed (and so
     * until the server has queued the reply): shutdown waits for this to reach 0.
     */
    public int waiting() {
        lock.lock();
        try {
            return waiterCount + handingOver.get();
        } finally {
            lock.unlock();
        }
    }

    public long availableBits() {
        return available() * 8L;
    }

    /** Replaces the per-client quota (null = unlimited), e.g. on SIGHUP. Existing buckets keep their level. */
    public void setQuota(Quota q) {
        lock.lock();
        try {
            quotas.set(q);
        } finally {
            lock.unlock();
        }
        dispatch();
    }

    /** Adds as much as fits without blocking. @return bytes accepted */
    public int offer(byte[] b, int off, int len) {
        int n;
        boolean waiters;
        lock.lock();
        try {
            n = closed ? 0 : write(b, off, len);
            waiters = !turn.isEmpty();
        } finally {
            lock.unlock();
        }
        if (n > 0 && waiters) {
            dispatch();
        }
        return n;
    }

    /**
     * Adds all bytes, waiting for room; used by source threads so a full pool slows reading. A producer
     * that found the pool full waits until a quarter of it (at most 16 KiB) is free, so that it does not
     * wake up for every small take and ping-pong with the event loops.
     */
    public void put(byte[] b, int off, int len) throws InterruptedException {
        int done = 0;
        while (done < len) {
            boolean waiters;
            lock.lockInterruptibly();
            try {
                if (size == ring.length) {
                    while (ring.length - size < refillThreshold && !closed) {
                        notFull.await();
                    }
                }
                if (closed) {
                    return;
                }
                done += write(b, off + done, len - done);
                waiters = !turn.isEmpty();
            } finally {
                lock.unlock();
            }
            if (waiters) {
                // Only blocking takes wait for new bytes; without them a refill is just the copy above
                // (a source thread puts every 64-byte block, so this is its hot path).
                dispatch();
            }
        }
    }

    /** Never blocks: up to {@code max} bytes, fewer (maybe none) if the pool or the client's quota is short. */
    public byte[] takeNow(String client, int max) {
        lock.lock();
        try {
            long now = System.nanoTime();
            int n = (int) Math.min(Math.min(max, size), allowance(client, now));
            byte[] out = new byte[Math.max(n, 0)];
            if (n > 0) {
                read(out, 0, n);
                consumeQuota(client, n);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Exactly {@code count} bytes once available. Cancelling the future drops the bytes already set aside
     * for it (they are wiped, never handed to anyone else).
     */
    public CompletableFuture<byte[]> take(String client, int count) {
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        if (count <= 0) {
            f.complete(new byte[0]);
            return f;
        }
        lock.lock();
        try {
            if (closed) {
                f.completeExceptionally(new IllegalStateException("pool closed"));
                return f;
            }
            if (coversAtOnce(client, count)) {
                // Fast path (see takeAtOnce): hand the bytes over now instead of queueing a waiter and
                // dispatching it a moment later.
                f.complete(handOver(client, count));
                return f;
            }
            if (waiterCount >= MAX_WAITERS) {
                f.completeExceptionally(new IllegalStateException("too many waiting reads (" + MAX_WAITERS + ")"));
                return f;
            }
            ArrayDeque<Waiter> q = waiting.computeIfAbsent(client, k -> new ArrayDeque<>());
            if (q.isEmpty()) {
                turn.addLast(client);
            }
            Waiter w = new Waiter(client, count, f);
            q.addLast(w);
            waiterCount++;
            // a read abandoned by its connection (timeout, close) leaves the queue at once
            f.whenComplete((v, e) -> {
                if (e != null) {
                    forget(w);
                }
            });
        } finally {
            lock.unlock();
        }
        dispatch();
        return f;
    }

    /**
     * Exactly {@code count} bytes now, or null if that would mean waiting. This is the common case when
     * serving: nobody is queued ahead (so fairness has nothing to arbitrate) and pool and quota cover the
     * whole read, and it costs one lock and no future, waiter or dispatch.
     */
    public byte[] takeAtOnce(String client, int count) {
        if (count <= 0) {
            return new byte[0];
        }
        lock.lock();
        try {
            return closed || !coversAtOnce(client, count) ? null : handOver(client, count);
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock and has checked {@link #coversAtOnce}. */
    private byte[] handOver(String client, int count) {
        byte[] out = new byte[count];
        read(out, 0, count);
        consumeQuota(client, count);
        return out;
    }

    /** Caller holds the lock. The clock is read only when a quota is set. */
    private boolean coversAtOnce(String client, int count) {
        return turn.isEmpty() && size >= count
                && (!quotas.limited() || allowance(client, System.nanoTime()) >= count);
    }

    /** Hands available bytes to waiters round-robin; completes futures outside the lock. */
    private void dispatch() {
        List<Waiter> done = new ArrayList<>();
        lock.lock();
        try {
            long now = System.nanoTime();
            long nextRetry = Long.MAX_VALUE;
            boolean progress = true;
            while (progress && size > 0 && !turn.isEmpty()) {
                progress = false;
                for (int i = turn.size(); i > 0 && size > 0; i--) {
                    String client = turn.pollFirst();
                    ArrayDeque<Waiter> q = waiting.get(client);
                    Waiter w = q.peekFirst();
                    if (w.future.isDone()) {   // cancelled or timed out by the connection
                        dropWaiter(q, w);
                    } else {
                        int n = (int) Math.min(Math.min(FAIR_CHUNK, w.remaining()), Math.min(size, allowance(client, now)));
                        if (n > 0) {
                            read(w.buf, w.filled, n);
                            w.filled += n;
                            consumeQuota(client, n);
                            progress = true;
                            if (w.remaining() == 0) {
                                q.pollFirst();
                                waiterCount--;
                                handingOver.incrementAndGet();
                                done.add(w);
                            }
                        } else if (quotas.limited()) {
                            nextRetry = Math.min(nextRetry, quotas.nanosUntil(client, Math.min(FAIR_CHUNK, w.remaining()), now));
                        }
                    }
                    if (q.isEmpty()) {
                        waiting.remove(client);
                    } else {
                        turn.addLast(client);
                    }
                }
            }
            if (size > 0 && !turn.isEmpty() && nextRetry != Long.MAX_VALUE) {
                scheduleRetry(now, Math.max(nextRetry, TimeUnit.MILLISECONDS.toNanos(1)));
            }
        } finally {
            lock.unlock();
        }
        for (Waiter w : done) {
            try {
                if (!w.future.complete(w.buf)) {
                    Arrays.fill(w.buf, (byte) 0);
                }
            } finally {
                handingOver.decrementAndGet();
            }
        }
    }

    private void scheduleRetry(long now, long delayNanos) {
        long at = now + delayNanos;
        if (at >= retryAtNanos && retryAtNanos > now) {
            return;   // an earlier retry is already pending
        }
        retryAtNanos = at;
        try {
            timer.schedule(() -> {
                lock.lock();
                try {
                    retryAtNanos = Long.MAX_VALUE;
                } finally {
                    lock.unlock();
                }
                dispatch();
            }, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closedAlready) {
            retryAtNanos = Long.MAX_VALUE;
        }
    }

    private void forget(Waiter w) {
        lock.lock();
        try {
            ArrayDeque<Waiter> q = waiting.get(w.client);
            if (q != null && q.remove(w)) {
                waiterCount--;
                bytesDropped.inc(w.filled);
                Arrays.fill(w.buf, (byte) 0);
                if (q.isEmpty()) {
                    waiting.remove(w.client);
                    turn.remove(w.client);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void dropWaiter(ArrayDeque<Waiter> q, Waiter w) {
        q.pollFirst();
        waiterCount--;
        bytesDropped.inc(w.filled);
        Arrays.fill(w.buf, (byte) 0);
    }

    private long allowance(String client, long now) {
        return quotas.allowance(client, now);
    }

    private void consumeQuota(String client, int n) {
        quotas.consume(client, n);
    }

    /** Caller holds the lock. */
    private int write(byte[] b, int off, int len) {
        int n = Math.min(len, ring.length - size);
        int tail = (head + size) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        size += n;
        bytesIn.inc(n);
        return n;
    }

    /** Caller holds the lock; copies out and wipes the slots so consumed entropy does not linger. */
    private void read(byte[] dst, int off, int n) {
        int first = Math.min(n, ring.length - head);
        System.arraycopy(ring, head, dst, off, first);
        Arrays.fill(ring, head, head + first, (byte) 0);
        System.arraycopy(ring, 0, dst, off + first, n - first);
        Arrays.fill(ring, 0, n - first, (byte) 0);
        head = (head + n) % ring.length;
        size -= n;
        bytesOut.inc(n);
        if (ring.length - size >= refillThreshold) {
            notFull.signalAll();
        }
    }

    @Override
    public void close() {
        List<Waiter> pending = new ArrayList<>();
        lock.lock();
        try {
            closed = true;
            waiting.values().forEach(pending::addAll);
            waiting.clear();
            turn.clear();
            waiterCount = 0;
            Arrays.fill(ring, (byte) 0);
            size = 0;
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
        for (Waiter w : pending) {
            Arrays.fill(w.buf, (byte) 0);
            w.future.completeExceptionally(new IllegalStateException("pool closed"));
        }
    }
}
