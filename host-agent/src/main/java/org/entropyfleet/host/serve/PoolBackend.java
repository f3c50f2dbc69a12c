package org.entropyfleet.host.serve;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.util.concurrent.CompletableFuture;
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
    private final Timer latency;
    private final String pid = Long.toString(ProcessHandle.current().pid());

    public PoolBackend(EntropyPool pool, Contributions contributions, MetricRegistry metrics) {
        this.pool = pool;
        this.contributions = contributions;
        this.metrics = metrics;
        this.latency = metrics.timer("host.serve.read-latency");
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

    @Override
    public CompletableFuture<byte[]> take(PeerIdentity peer, int count) {
        Timer.Context t = latency.time();
        return pool.take(client(peer), count).whenComplete((b, e) -> {
            if (e == null) {
                t.stop();
                served(peer, b.length);
            }
        });
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
            metrics.counter(MetricRegistry.name("host.serve.client", client(peer), "bytes-served")).inc(n);
            metrics.counter("host.serve.bytes-served").inc(n);
        }
    }
}
