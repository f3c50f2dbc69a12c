package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The one speed-up of writing replies, owned here: consecutive replies of a connection are encoded into
 * one buffer, written when the server flushes (at the end of a socket read, or after a waited 0x02) or as
 * soon as it reaches {@link #FLUSH_AT_BYTES}. One buffer, one promise, one pipeline pass and one TLS queue
 * entry per batch instead of per reply was a large part of the cost of a pipelined request.
 *
 * <p>The bound was 256 bytes (eight 32-byte replies), tuned with the load generator on a core of its own,
 * where an early flush lets client and server overlap. Where they share the cores, as on a host that does
 * other work, every flush is a TLS record and a write(2) whose cost the client cannot hide: at 256 bytes a
 * window-64 client read got 8 writes per socket read and the agent spent most of its time in the kernel's
 * send path; at 4 KiB (a full window of 64 × 32-byte replies, or sixteen 255-byte ones) one write per read,
 * 2–3× the request rate at half the CPU per request (host-agent/README.md, bench/profile.sh). It still
 * bounds the replies held back per connection.
 *
 * <p>The bytes are exactly {@link EgdServerEncoder}'s, the plain one-buffer-per-reply reference: the
 * tests compare the two. One instance per connection, used by its {@link EgdServerHandler} on the event
 * loop; the buffer holds entropy, so {@link #release} wipes nothing but frees it (the bytes are on their
 * way to the peer or the connection is gone).
 */
final class ReplyBatch {
    /** A batch this large is written and flushed at once. */
    static final int FLUSH_AT_BYTES = 4096;
    /**
     * Room for a flush's worth of replies plus the largest reply (1 + 255 bytes), so single replies never
     * grow the buffer; a run ({@link #addRaw}, at most {@link #FLUSH_AT_BYTES}) may, once, before the flush.
     */
    private static final int INITIAL_BYTES = FLUSH_AT_BYTES + 256;

    private ByteBuf batch;
    private int replies;

    /** Appends {@code r} in wire format. @return true when the batch should be written and flushed now */
    boolean add(ByteBufAllocator alloc, EgdResponse r) {
        EgdServerEncoder.encodeTo(r, buffer(alloc));
        return added(1);
    }

    /**
     * Appends {@code replies} replies already in wire format (a {@link ReadBlockingRun}'s bytes: 0x02
     * replies have no framing of their own). @return true when the batch should be written and flushed now
     */
    boolean addRaw(ByteBufAllocator alloc, byte[] wire, int replies) {
        buffer(alloc).writeBytes(wire);
        return added(replies);
    }

    private ByteBuf buffer(ByteBufAllocator alloc) {
        if (batch == null) {
            batch = alloc.ioBuffer(INITIAL_BYTES);
        }
        return batch;
    }

    /** Counts {@code n} more replies. @return true when the batch should be written and flushed now */
    private boolean added(int n) {
        replies += n;
        return batch.readableBytes() >= FLUSH_AT_BYTES;
    }

    /** Replies in the batch now. */
    int replies() {
        return replies;
    }

    /** The batch to write, or null if empty; the batch starts again. The caller owns the buffer. */
    ByteBuf take() {
        ByteBuf b = batch;
        batch = null;
        replies = 0;
        return b;
    }

    void release() {
        ByteBuf b = take();
        if (b != null) {
            b.release();
        }
    }
}
