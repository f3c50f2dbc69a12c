package org.entropyfleet.host.serve;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.host.pool.EntropyPool;
import org.entropyfleet.host.source.SourceSink;
import org.entropyfleet.link.tls.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 0x03 writes from allowlisted contributors. Each contributor is health-tested and conditioned as a
 * source of its own ("contrib-NAME"), on a dedicated thread so the event loop never blocks on the
 * pool. The contributor's claimed credit is not trusted: bytes are assessed at
 * {@link #CONTRIBUTOR_MIN_ENTROPY} bits per byte, and writes claiming less than that are dropped.
 */
public final class Contributions implements AutoCloseable {
    public static final double CONTRIBUTOR_MIN_ENTROPY = 4;
    /** Writes waiting for the contributions thread; beyond this they are dropped (the pool is full anyway). */
    public static final int MAX_PENDING_WRITES = 1024;
    /** Distinct contributors tracked (each has health-test state). */
    public static final int MAX_CONTRIBUTORS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Contributions.class);

    private record Write(String name, byte[] data) {
        @Override
        public String toString() {
            return "Write[name=" + name + ", length=" + data.length + "]";
        }
    }

    private volatile List<String> allow;
    private final EntropyPool pool;
    private final MetricRegistry metrics;
    private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(MAX_PENDING_WRITES);
    private final Map<String, SourceSink> sinks = new LinkedHashMap<>();   // contributions thread only
    private final Thread thread;
    private final Counter dropped;
    private final Counter underclaimed;
    private volatile boolean running = true;

    public Contributions(List<String> allow, EntropyPool pool, MetricRegistry metrics) {
        this.allow = List.copyOf(allow);
        this.pool = pool;
        this.metrics = metrics;
        this.dropped = metrics.counter("host.contributions.dropped-writes");
        this.underclaimed = metrics.counter("host.contributions.underclaimed-writes");
        this.thread = new Thread(this::loop, "contributions");
        thread.setDaemon(true);
        thread.start();
    }

    public void updateAllowlist(List<String> globs) {
        this.allow = List.copyOf(globs);
    }

    public boolean allowed(PeerIdentity peer) {
        return peer != null && !peer.isLocal() && peer.matchesAny(allow);
    }

    /** Called on the event loop; never blocks. */
    public void accept(PeerIdentity peer, int bits, byte[] data) {
        if (bits < CONTRIBUTOR_MIN_ENTROPY * data.length) {
            underclaimed.inc();
            Arrays.fill(data, (byte) 0);
            return;
        }
        byte[] copy = data.clone();
        Arrays.fill(data, (byte) 0);
        if (!queue.offer(new Write(peer.name(), copy))) {
            dropped.inc();
            Arrays.fill(copy, (byte) 0);
        }
    }

    private void loop() {
        try {
            while (running) {
                Write w = queue.poll(1, TimeUnit.SECONDS);
                if (w == null) {
                    continue;
                }
                SourceSink sink = sinks.get(w.name);
                if (sink == null) {
                    if (sinks.size() >= MAX_CONTRIBUTORS) {
                        dropped.inc();
                        Arrays.fill(w.data, (byte) 0);
                        continue;
                    }
                    String source = "contrib-" + w.name.replaceAll("[^A-Za-z0-9_-]", "_");
                    LOG.info("event=contributor-new source={}", source);
                    sink = new SourceSink(source, CONTRIBUTOR_MIN_ENTROPY, pool, metrics);
                    sinks.put(w.name, sink);
                }
                sink.accept(w.data, 0, w.data.length);
                Arrays.fill(w.data, (byte) 0);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        Write w;
        while ((w = queue.poll()) != null) {
            Arrays.fill(w.data, (byte) 0);
        }
    }
}
