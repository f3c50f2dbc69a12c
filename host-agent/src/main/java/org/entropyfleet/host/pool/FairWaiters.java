package org.entropyfleet.host.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entropyfleet.link.ring.WipingRing;

/**
 * Blocking takes waiting for bytes, one queue per client, served round-robin in {@link #FAIR_CHUNK}-byte
 * turns: a greedy client gets its share but cannot starve others, and within a client reads complete in
 * order. Bounded by its capacity. Guarded by the pool's lock.
 */
final class FairWaiters {
    /** Bytes a waiting client gets per round-robin turn. */
    static final int FAIR_CHUNK = 32;

    private final int capacity;
    private final PoolMetrics metrics;
    private final Map<String, ArrayDeque<Waiter>> waiting = new HashMap<>();
    private final ArrayDeque<String> turn = new ArrayDeque<>();   // clients with waiters, in round-robin order
    private int count;

    FairWaiters(int capacity, PoolMetrics metrics) {
        this.capacity = capacity;
        this.metrics = metrics;
    }

    boolean isEmpty() {
        return turn.isEmpty();
    }

    int count() {
        return count;
    }

    /** Whether the client has reads waiting (its quota bucket must then be kept). */
    boolean waits(String client) {
        return waiting.containsKey(client);
    }

    /** Queues {@code w} behind the client's earlier reads. @return false if the queue is full */
    boolean add(Waiter w) {
        if (count >= capacity) {
            return false;
        }
        ArrayDeque<Waiter> q = waiting.computeIfAbsent(w.client, k -> new ArrayDeque<>());
        if (q.isEmpty()) {
            turn.addLast(w.client);
        }
        q.addLast(w);
        count++;
        return true;
    }

    /**
     * Removes a read its connection abandoned (timeout, close); what it was given goes back into {@code ring}.
     * @return bytes put back
     */
    int remove(Waiter w, WipingRing ring) {
        ArrayDeque<Waiter> q = waiting.get(w.client);
        if (q == null || !q.remove(w)) {
            return 0;
        }
        if (q.isEmpty()) {
            waiting.remove(w.client);
            turn.remove(w.client);
        }
        return abandoned(w, ring);
    }

    /**
     * Hands bytes from {@code ring} to waiters, a chunk per client per turn, as far as each client's
     * quota allows; completed waiters are moved to {@code done} (their futures are the caller's to
     * complete, outside the lock).
     *
     * @return nanoseconds until a client held back only by its quota may take its next chunk, or
     *         {@link Long#MAX_VALUE} if none is
     */
    long serve(WipingRing ring, ClientQuotas quotas, long now, List<Waiter> done) {
        long nextRetry = Long.MAX_VALUE;
        boolean progress = true;
        while (progress && ring.size() > 0 && !turn.isEmpty()) {
            progress = false;
            for (int i = turn.size(); i > 0 && ring.size() > 0; i--) {
                String client = turn.pollFirst();
                ArrayDeque<Waiter> q = waiting.get(client);
                Waiter w = q.peekFirst();
                if (w.future.isDone()) {   // cancelled or timed out by the connection
                    q.pollFirst();
                    abandoned(w, ring);
                } else {
                    int chunk = Math.min(FAIR_CHUNK, w.remaining());
                    int n = (int) Math.min(Math.min(chunk, ring.size()), quotas.allowance(client, now));
                    if (n > 0) {
                        ring.read(w.buf, w.filled, n);
                        w.filled += n;
                        quotas.consume(client, n);
                        progress = true;
                        if (w.remaining() == 0) {
                            q.pollFirst();
                            count--;
                            done.add(w);
                        }
                    } else if (quotas.limited()) {
                        nextRetry = Math.min(nextRetry, quotas.nanosUntil(client, chunk, now));
                    }
                }
                if (q.isEmpty()) {
                    waiting.remove(client);
                } else {
                    turn.addLast(client);
                }
            }
        }
        return ring.size() > 0 && !turn.isEmpty() ? nextRetry : Long.MAX_VALUE;
    }

    /** Empties every queue (the pool is closing); the waiters are the caller's to fail. */
    List<Waiter> clear() {
        List<Waiter> all = new ArrayList<>(count);
        waiting.values().forEach(all::addAll);
        waiting.clear();
        turn.clear();
        count = 0;
        return all;
    }

    /**
     * The bytes set aside for an abandoned read never left the process: they go back into the ring for
     * the next reader (each byte is still handed out once), so a reader that gives up wastes nothing.
     * Only what no longer fits (the ring refilled meanwhile) is wiped and counted as discarded.
     */
    private int abandoned(Waiter w, WipingRing ring) {
        count--;
        int back = ring.write(w.buf, 0, w.filled);
        metrics.returned(back);
        metrics.dropped(w.filled - back);
        w.wipe();
        return back;
    }
}
