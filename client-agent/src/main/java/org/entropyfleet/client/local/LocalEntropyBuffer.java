package org.entropyfleet.client.local;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.entropyfleet.client.kernel.EntropySource;
import org.entropyfleet.link.egd.EgdBackend;
import org.entropyfleet.link.egd.EgdLimits;
import org.entropyfleet.link.egd.EgdRefusedException;
import org.entropyfleet.link.ring.WipingRing;
import org.entropyfleet.link.tls.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backend of the local plaintext EGD endpoint: a small ring of host entropy refilled from the
 * upstream connector, in the {@link WipingRing} the host agent's pool uses too: every byte is handed out once
 * and zeroed as it leaves. A 0x02
 * that cannot be served yet waits (the server's blocking-read timeout bounds it), which is how a
 * failover looks to local readers: a short delay, never an error.
 *
 * <p>Thread-safety: called from the local server's event loop and completed from the connector's;
 * state is guarded by {@code this}, futures are completed outside the lock.
 */
public final class LocalEntropyBuffer implements EgdBackend {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEntropyBuffer.class);

    /** Blocked 0x02 readers waiting at once; more are refused (their connection is closed). */
    public static final int MAX_WAITERS = 256;
    /** Smallest ring: one maximal 0x02 must fit. */
    public static final int MIN_CAPACITY = 2 * EgdLimits.MAX_COUNT;

    private final EntropySource source;
    private final WipingRing ring;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int refillInFlight;
    private boolean closed;

    private record Waiter(int count, CompletableFuture<byte[]> future) {
    }

    public LocalEntropyBuffer(EntropySource source, int capacity) {
        if (capacity < MIN_CAPACITY) {
            throw new IllegalArgumentException("buffer must hold at least " + MIN_CAPACITY + " bytes");
        }
        this.source = source;
        this.ring = new WipingRing(capacity);
    }

    /** Fills the ring so the first local reader does not wait for a round trip. */
    public void start() {
        refill();
    }

    /** Bytes buffered now. */
    public synchronized int buffered() {
        return ring.size();
    }

    @Override
    public synchronized long availableBits(PeerIdentity peer) {
        return 8L * ring.size();
    }

    @Override
    public byte[] takeNow(PeerIdentity peer, int max) {
        byte[] out;
        synchronized (this) {
            out = ring.read(waiters.isEmpty() ? Math.min(max, ring.size()) : 0);
        }
        refill();
        return out;
    }

    @Override
    public CompletableFuture<byte[]> take(PeerIdentity peer, int count) {
        CompletableFuture<byte[]> f;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("local endpoint closed"));
            }
            if (waiters.isEmpty() && ring.size() >= count) {
                f = CompletableFuture.completedFuture(ring.read(count));
            } else if (waiters.size() >= MAX_WAITERS) {
                return CompletableFuture.failedFuture(new IllegalStateException(MAX_WAITERS + " readers already waiting"));
            } else {
                f = new CompletableFuture<>();
                waiters.addLast(new Waiter(count, f));
            }
        }
        refill();
        return f;
    }

    @Override
    public void contribute(PeerIdentity peer, int bits, byte[] data) throws EgdRefusedException {
        Arrays.fill(data, (byte) 0);
        throw new EgdRefusedException("the client-agent's local endpoint does not accept 0x03 writes");
    }

    @Override
    public String pid() {
        return Long.toString(ProcessHandle.current().pid());
    }

    /** Fails waiting readers and wipes the ring. */
    public void close() {
        List<Waiter> failed;
        synchronized (this) {
            closed = true;
            failed = new ArrayList<>(waiters);
            waiters.clear();
            ring.wipe();
        }
        failed.forEach(w -> w.future().completeExceptionally(new IllegalStateException("local endpoint closed")));
    }

    private void refill() {
        int want;
        synchronized (this) {
            if (closed || refillInFlight > 0) {
                return;
            }
            boolean low = ring.size() < ring.capacity() / 2;
            if (!low && waiters.isEmpty()) {
                return;
            }
            want = ring.free();
            if (want == 0) {
                return;
            }
            refillInFlight = want;
        }
        source.fetch(want).whenComplete((bytes, error) -> {
            if (error != null) {
                synchronized (this) {
                    refillInFlight = 0;
                }
                LOG.debug("event=local-refill-failed reason=\"{}\"", error.toString());
                return;
            }
            onBytes(bytes);
        });
    }

    private void onBytes(byte[] bytes) {
        List<Waiter> ready = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        synchronized (this) {
            refillInFlight = 0;
            if (!closed) {
                ring.write(bytes, 0, bytes.length);
                while (!waiters.isEmpty()) {
                    Waiter w = waiters.peekFirst();
                    if (w.future().isDone()) { // the reader gave up or went away
                        waiters.removeFirst();
                        continue;
                    }
                    if (ring.size() < w.count()) {
                        break;
                    }
                    waiters.removeFirst();
                    ready.add(w);
                    payloads.add(ring.read(w.count()));
                }
            }
        }
        Arrays.fill(bytes, (byte) 0);
        for (int i = 0; i < ready.size(); i++) {
            byte[] p = payloads.get(i);
            if (!ready.get(i).future().complete(p)) {
                Arrays.fill(p, (byte) 0); // cancelled in between: dropped, never served twice
            }
        }
        refill();
    }
}
