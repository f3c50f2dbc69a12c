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
     * Exactly {@code count} bytes (0x02), completing when they are available. The server cancels
     * the future when the client's blocking-read timeout expires or the connection closes; a
     * backend should then drop the waiter. May complete on any thread.
     */
    CompletableFuture<byte[]> take(PeerIdentity peer, int count);

    /**
     * Exactly {@code count} bytes for a 0x02 if they can be handed over at once, else null, and the
     * server then calls {@link #take}. Lets a backend serve the common case without a future per
     * request; the default always defers to {@link #take}.
     */
    default byte[] takeAtOnce(PeerIdentity peer, int count) {
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
