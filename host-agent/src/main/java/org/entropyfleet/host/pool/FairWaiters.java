package org.entropyfleet.host.pool;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.entropyfleet.link.ring.WipingRing;

/**
 * Blocking takes waiting for bytes, one queue per client, served by deficit round-robin: each turn a client
 * earns {@link #FAIR_CHUNK} bytes of credit, and its oldest read is filled in one go once its credit covers
 * it and the pool holds it. A greedy client gets its share but cannot starve others; within a client reads
 * complete in order. Filling whole reads rather than a chunk per turn matters when demand exceeds supply:
 * with many clients, chunk-wise filling spreads the bytes so thin that every read fills slowly, in step,
 * and readers give up on the verge of completion. Only a per-client quota leaves a read part-filled. Bounded
 * by its capacity. Guarded by the pool's lock.
 */
final class FairWaiters {
    /** Bytes of credit a waiting client earns per round-robin turn. */
    static final int FAIR_CHUNK = 32;

    private final int capacity;
    private final PoolMetrics metrics;
    private final Map<String, ClientReads> waiting = new HashMap<>();
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
        ClientReads reads = waiting.computeIfAbsent(w.client, k -> new ClientReads());
        if (reads.queue.isEmpty()) {
            turn.addLast(w.client);
        }
        reads.queue.addLast(w);
        count++;
        return true;
    }

    /**
     * Removes a read its connection abandoned (timeout, close); what it was given goes back into {@code ring}.
     * @return bytes put back
     */
    int remove(Waiter w, WipingRing ring) {
        ClientReads reads = waiting.get(w.client);
        if (reads == null || !reads.queue.remove(w)) {
            return 0;
        }
        if (reads.queue.isEmpty()) {
            waiting.remove(w.client);
            turn.remove(w.client);
        }
        return abandoned(w, ring);
    }

    /**
     * Hands bytes from {@code ring} to waiters in deficit round-robin turns, as far as each client's quota
     * allows; completed waiters are moved to {@code done} (their futures are the caller's to complete,
     * outside the lock). A client whose read is due but not yet covered by the ring keeps its turn: the
     * bytes gather for it rather than being spread over reads that are not due.
     *
     * @return nanoseconds until a client held back only by its quota may take its next chunk, or
     *         {@link Long#MAX_VALUE} if none is
     */
    long serve(WipingRing ring, ClientQuotas quotas, long now, List<Waiter> done) {
        long nextRetry = Long.MAX_VALUE;
        boolean progress = true;
        boolean gathering = false;
        while (progress && !gathering && ring.size() > 0 && !turn.isEmpty()) {
            progress = false;
            for (int i = turn.size(); i > 0 && ring.size() > 0; i--) {
                String client = turn.pollFirst();
                ClientReads reads = waiting.get(client);
                Waiter w = reads.queue.peekFirst();
                if (w.future.isDone()) {   // cancelled or timed out by the connection
                    reads.queue.pollFirst();
                    abandoned(w, ring);
                    progress = true;
                } else {
                    int due = w.remaining();
                    if (reads.credit < due) {
                        reads.credit += FAIR_CHUNK;
                        progress = true;
                    }
                    if (reads.credit >= due) {
                        long allowance = quotas.allowance(client, now);
                        if (ring.size() < due && allowance >= due && due <= ring.capacity()) {
                            turn.addFirst(client);
                            gathering = true;
                            break;
                        }
                        int n = (int) Math.min(Math.min(due, ring.size()), allowance);
                        if (n > 0) {
                            ring.read(w.buf, w.filled, n);
                            w.filled += n;
                            reads.credit -= n;
                            quotas.consume(client, n);
                            progress = true;
                            if (w.remaining() == 0) {
                                reads.queue.pollFirst();
                                count--;
                                done.add(w);
                            }
                        } else if (quotas.limited()) {
                            nextRetry = Math.min(nextRetry, quotas.nanosUntil(client, Math.min(FAIR_CHUNK, due), now));
                        }
                    }
                }
                if (reads.queue.isEmpty()) {
                    waiting.remove(client);   // its unused credit goes with it, as deficit round-robin does
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
        waiting.values().forEach(reads -> all.addAll(reads.queue));
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
        metrics.handedBack(w.filled, back);
        w.wipe();
        return back;
    }
}
