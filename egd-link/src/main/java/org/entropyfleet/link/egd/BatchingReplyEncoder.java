package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * The server's reply encoder, with the one speed-up of writing replies: consecutive
 * {@link EgdResponse}s are encoded into one buffer, written when the server flushes (at the end of a
 * socket read, or after a waited 0x02) or as soon as it reaches {@link #FLUSH_AT_BYTES}. One buffer, one
 * promise and one TLS queue entry per batch instead of per reply was a large part of the cost of a
 * pipelined request. Flushing at 256 bytes (eight 32-byte reads, or one 255-byte read), not only at the
 * end of the read, lets a client that pipelines many requests in one TLS record get its first replies,
 * and send its next requests, while the rest are still being answered: client and server work overlap
 * instead of taking turns, which lifted the window-64 request rate by about a third in the benchmark for
 * the cost of a few more TLS records (flushing every 4 replies was slower again; every 12 or 16 gained
 * less). It also bounds the replies held back per connection.
 *
 * <p>The bytes are exactly {@link EgdServerEncoder}'s, the plain one-buffer-per-reply reference: the tests
 * compare the two. Anything other than a reply (e.g. the empty buffer written before a close) goes out
 * after the replies batched before it. One instance per connection, on its event loop.
 */
public final class BatchingReplyEncoder extends ChannelOutboundHandlerAdapter {
    /** A batch this large is written and flushed at once. */
    public static final int FLUSH_AT_BYTES = 256;
    /** Room for a flush's worth of replies plus the largest reply (1 + 255 bytes), so the buffer never grows. */
    private static final int INITIAL_BYTES = FLUSH_AT_BYTES + 256;

    private ByteBuf batch;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof EgdResponse response)) {
            writeBatch(ctx);
            ctx.write(msg, promise);
            return;
        }
        if (batch == null) {
            batch = ctx.alloc().ioBuffer(INITIAL_BYTES);
        }
        EgdServerEncoder.encodeTo(response, batch);
        if (!promise.isVoid()) {
            // someone waits for this very reply: no batching for it
            ByteBuf b = batch;
            batch = null;
            ctx.write(b, promise);
        } else if (batch.readableBytes() >= FLUSH_AT_BYTES) {
            writeBatch(ctx);
            ctx.flush();
        }
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    /** Writes the pending replies, unflushed; a failed write reaches exceptionCaught (void promise). */
    private void writeBatch(ChannelHandlerContext ctx) {
        if (batch != null) {
            ByteBuf b = batch;
            batch = null;
            ctx.write(b, ctx.voidPromise());
        }
    }
}
