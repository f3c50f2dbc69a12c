package org.entropyfleet.host.serve;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.entropyfleet.host.pool.EntropyPool;
import org.entropyfleet.link.egd.EgdBackend;
import org.entropyfleet.link.egd.EgdRefusedException;
import org.entropyfleet.link.tls.PeerIdentity;

/**
 * Serves EGD requests from the {@link EntropyPool}: clients are told, quota'd and counted by their
 * certificate name; 0x03 is accepted only from allowlisted contributors.
 */
public final class PoolBackend implements EgdBackend {
    private final EntropyPool pool;
    private final Contributions contributions;
    private final MetricRegistry metrics;
    /** Bound on the per-client counters cached by name (one per certificate name seen). */
    static final int MAX_CACHED_CLIENT_COUNTERS = 4096;

    private final ReadLatency latency;
    private final Counter bytesServed;
    private final ConcurrentHashMap<String, Counter> clientCounters = new ConcurrentHashMap<>();
    private final String pid = Long.toString(ProcessHandle.current().pid());

    public PoolBackend(EntropyPool pool, Contributions contributions, MetricRegistry metrics) {
        this.pool = pool;
        this.contributions = contributions;
        this.metrics = metrics;
        this.latency = new ReadLatency(metrics);
        this.bytesServed = metrics.counter("host.serve.bytes-served");
    }

    static String client(PeerIdentity peer) {
        return peer == null ? "unknown" : peer.name();
    }

    @Override
    public long availableBits(PeerIdentity peer) {
        return pool.availableBits();
    }

    @Override
    public byte[] takeNow(PeerIdentity peer, int max) {
        byte[] b = pool.takeNow(client(peer), max);
        served(peer, b.length);
        return b;
    }

    /**
     * Whether the read is served now or waits is the pool's decision; this only measures and counts. A
     * waiting read's future is the connection's: cancelling it (timeout, close) cancels the pool's, so the
     * pool stops setting bytes aside for it, and bytes that were taken just as the reader went are put back,
     * not counted as served.
     */
    @Override
    public CompletableFuture<byte[]> take(PeerIdentity peer, int count) {
        CompletableFuture<byte[]> f = pool.take(client(peer), count);
        if (f.isDone()) {
            byte[] b = f.getNow(null);
            if (b != null) {
                latency.servedAtOnce();
                served(peer, b.length);
            }
            return f;
        }
        long start = System.nanoTime();
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        f.whenComplete((b, e) -> {
            if (e != null) {
                reply.completeExceptionally(e);
            } else if (reply.complete(b)) {
                latency.waited(System.nanoTime() - start);
                served(peer, b.length);
            } else {
                pool.putBack(b);
            }
        });
        reply.whenComplete((b, e) -> {
            if (e != null) {
                f.cancel(false);
            }
        });
        return reply;
    }

    @Override
    public byte[] takeAtOnce(PeerIdentity peer, int count, int reads) {
        byte[] b = pool.takeAtOnce(client(peer), count);
        if (b != null) {
            latency.servedAtOnce(reads);
            served(peer, b.length);
        }
        return b;
    }

    @Override
    public void contribute(PeerIdentity peer, int bits, byte[] data) throws EgdRefusedException {
        if (!contributions.allowed(peer)) {
            throw new EgdRefusedException("peer " + client(peer) + " is not in contributors");
        }
        contributions.accept(peer, bits, data);
    }

    @Override
    public String pid() {
        return pid;
    }

    private void served(PeerIdentity peer, int n) {
        if (n > 0) {
            clientCounter(client(peer)).inc(n);
            bytesServed.inc(n);
        }
    }

    /**
     * The per-client counter, looked up without building its metric name on every request. The cache
     * holds at most {@link #MAX_CACHED_CLIENT_COUNTERS} names; past that, lookups go to the registry.
     */
    private Counter clientCounter(String client) {
        Counter c = clientCounters.get(client);
        if (c == null) {
            c = metrics.counter(MetricRegistry.name("host.serve.client", client, "bytes-served"));
            if (clientCounters.size() < MAX_CACHED_CLIENT_COUNTERS) {
                clientCounters.put(client, c);
            }
        }
        return c;
    }
}
