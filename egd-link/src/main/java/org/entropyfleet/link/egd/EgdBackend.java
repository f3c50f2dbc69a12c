package org.entropyfleet.link.egd;

import java.util.concurrent.CompletableFuture;
import org.entropyfleet.link.tls.PeerIdentity;

/**
 * What an EGD server serves from: the host agent's pool, or the client agent's local endpoint.
 * Every method but {@link #take} is called on a Netty event loop and must return at once; the
 * peer is passed so a backend can apply per-client quotas and accounting.
 */
public interface EgdBackend {

    /** Bits of entropy available to this peer now (0x00); clamped to a U32 on the wire. */
    long availableBits(PeerIdentity peer);

    /** Up to {@code max} bytes available now (0x01); never blocks, may return fewer or none. */
    byte[] takeNow(PeerIdentity peer, int max);

    /**
     * Exactly {@code count} bytes (0x02). The backend alone decides whether the read is served now
     * (an already completed future, answered in place) or waits (completing later, on any thread).
     * The server cancels a waiting future when the client's blocking-read timeout expires or the
     * connection closes; a backend should then drop the waiter.
     */
    CompletableFuture<byte[]> take(PeerIdentity peer, int count);

    /**
     * Exactly {@code count} bytes if they can be served now, as {@link #take} would serve them at once
     * (nobody queued ahead, pool and quota covering all of it), else null: all or nothing, never waits,
     * nothing set aside on null. The server asks it for a run of back-to-back 0x02 reads ({@code reads}
     * of them, for per-read accounting) and answers them with the bytes in order; on null it serves each
     * read through {@link #take}. The default serves no run at once.
     */
    default byte[] takeAtOnce(PeerIdentity peer, int count, int reads) {
        return null;
    }

    /**
     * Accepts a 0x03 contribution crediting {@code bits} (already checked ≤ 8 per byte).
     *
     * @throws EgdRefusedException to refuse it; the server then closes the connection
     */
    void contribute(PeerIdentity peer, int bits, byte[] data) throws EgdRefusedException;

    /** What to answer to 0x04: printable ASCII, at most 255 characters. */
    String pid();
}
