package org.entropyfleet.client.upstream;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import org.entropyfleet.link.egd.EgdLimits;

/**
 * Fetches waiting for host bytes, oldest first, filled in order as bytes arrive; bounded by
 * {@link #capacity}. Bytes nobody is waiting for any more are wiped, never kept for the next fetch.
 * Touched only on the connector's event loop.
 */
final class Demands {
    private static final class Demand {
        final byte[] buf;
        final CompletableFuture<byte[]> future;
        int filled;

        Demand(int n, CompletableFuture<byte[]> future) {
            this.buf = new byte[n];
            this.future = future;
        }

        int remaining() {
            return buf.length - filled;
        }
    }

    private final int capacity;
    private final ArrayDeque<Demand> queue = new ArrayDeque<>();

    Demands(int capacity) {
        this.capacity = capacity;
    }

    /** Queues a fetch of {@code n} bytes completing {@code future}. @return false if the queue is full */
    boolean add(int n, CompletableFuture<byte[]> future) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.addLast(new Demand(n, future));
        return true;
    }

    /** Bytes still wanted by fetches nobody has given up on. */
    long wanted() {
        dropAbandoned();
        long n = 0;
        for (Demand d : queue) {
            n += d.remaining();
        }
        return n;
    }

    /** Hands {@code data} to the oldest fetches and wipes it; a surplus (an abandoned fetch's share) is dropped. */
    void fill(byte[] data) {
        int off = 0;
        for (Iterator<Demand> it = queue.iterator(); it.hasNext() && off < data.length; ) {
            Demand d = it.next();
            if (d.future.isDone()) {
                Arrays.fill(d.buf, (byte) 0);
                it.remove();
                continue;
            }
            int n = Math.min(d.remaining(), data.length - off);
            System.arraycopy(data, off, d.buf, d.filled, n);
            d.filled += n;
            off += n;
            if (d.remaining() == 0) {
                it.remove();
                if (!d.future.complete(d.buf)) {
                    Arrays.fill(d.buf, (byte) 0);
                }
            }
        }
        Arrays.fill(data, (byte) 0);
    }

    /**
     * Asks {@code s} for what waiting fetches still need beyond the bytes already in flight on it, at most
     * {@code maxInFlight} requests outstanding at once.
     */
    void requestFrom(HostSession s, int maxInFlight) {
        long need = wanted() - s.bytesInFlight();
        long now = System.nanoTime();
        boolean wrote = false;
        while (need > 0 && s.outstanding() < maxInFlight) {
            int n = (int) Math.min(EgdLimits.MAX_COUNT, need);
            s.request(n, now);
            need -= n;
            wrote = true;
        }
        if (wrote) {
            s.flush();
        }
    }

    /** Fails every fetch (the connector is closing), wiping what they had. */
    void failAll(Throwable why) {
        for (Demand d : queue) {
            Arrays.fill(d.buf, (byte) 0);
            d.future.completeExceptionally(why);
        }
        queue.clear();
    }

    private void dropAbandoned() {
        queue.removeIf(d -> {
            if (d.future.isDone()) {
                Arrays.fill(d.buf, (byte) 0);
                return true;
            }
            return false;
        });
    }
}
