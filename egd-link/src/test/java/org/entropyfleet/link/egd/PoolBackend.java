package org.entropyfleet.link.egd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.entropyfleet.link.tls.PeerIdentity;

/**
 * A small real {@link EgdBackend} for tests: a byte pool that tests fill with {@link #feed},
 * blocking takes served in arrival order, and a switch to refuse contributions.
 */
final class PoolBackend implements EgdBackend {
    private record Waiter(int count, CompletableFuture<byte[]> future) {
    }

    /** A contribution as the backend saw it. */
    record Contribution(String peer, int bits, int length) {
    }

    private final ArrayDeque<Byte> pool = new ArrayDeque<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final List<Contribution> contributions = new ArrayList<>();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger takes = new AtomicInteger();
    private final AtomicInteger runTakes = new AtomicInteger();
    private final AtomicInteger runReads = new AtomicInteger();
    private volatile String refuseReason;
    private volatile boolean servesRuns;

    /** Serve runs of 0x02 reads at once through {@link #takeAtOnce} (off: the interface's default, none). */
    void serveRuns(boolean on) {
        servesRuns = on;
    }

    /** Runs served at once so far. */
    int runTakes() {
        return runTakes.get();
    }

    /** 0x02 reads answered by those runs. */
    int runReads() {
        return runReads.get();
    }

    synchronized void feed(byte[] data) {
        for (byte b : data) {
            pool.addLast(b);
        }
        while (!waiters.isEmpty() && pool.size() >= waiters.peekFirst().count()) {
            Waiter w = waiters.pollFirst();
            w.future().complete(drain(w.count()));
        }
    }

    void refuseWrites(String reason) {
        refuseReason = reason;
    }

    synchronized int waiting() {
        return waiters.size();
    }

    synchronized List<Contribution> contributions() {
        return List.copyOf(contributions);
    }

    int cancelled() {
        return cancelled.get();
    }

    int takes() {
        return takes.get();
    }

    @Override
    public synchronized long availableBits(PeerIdentity peer) {
        return 8L * pool.size();
    }

    @Override
    public synchronized byte[] takeNow(PeerIdentity peer, int max) {
        return drain(Math.min(max, waiters.isEmpty() ? pool.size() : 0));
    }

    @Override
    public synchronized CompletableFuture<byte[]> take(PeerIdentity peer, int count) {
        takes.incrementAndGet();
        if (waiters.isEmpty() && pool.size() >= count) {
            return CompletableFuture.completedFuture(drain(count));
        }
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        Waiter w = new Waiter(count, f);
        waiters.addLast(w);
        f.whenComplete((data, error) -> {
            if (f.isCancelled()) {
                cancelled.incrementAndGet();
                synchronized (this) {
                    waiters.remove(w);
                }
            }
        });
        return f;
    }

    @Override
    public synchronized byte[] takeAtOnce(PeerIdentity peer, int count, int reads) {
        if (!servesRuns || !waiters.isEmpty() || pool.size() < count) {
            return null;
        }
        runTakes.incrementAndGet();
        runReads.addAndGet(reads);
        return drain(count);
    }

    @Override
    public synchronized void contribute(PeerIdentity peer, int bits, byte[] data) throws EgdRefusedException {
        if (refuseReason != null) {
            throw new EgdRefusedException(refuseReason);
        }
        contributions.add(new Contribution(peer.name(), bits, data.length));
    }

    @Override
    public String pid() {
        return "4242";
    }

    private byte[] drain(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = pool.pollFirst();
        }
        return out;
    }

    @Override
    public String toString() {
        return "PoolBackend" + Arrays.asList(pool.size(), waiters.size());
    }
}
