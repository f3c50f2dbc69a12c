package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.tls.PeerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Answers decoded {@link EgdRequest}s from an {@link EgdBackend}, strictly in request order.
 *
 * <p>EGD replies carry no request id, so a client frames them by order alone: one request is in
 * flight at a time and those behind it wait in a queue. Only a 0x02 can be in flight for long (it
 * waits on {@link EgdBackend#take}); everything else is answered synchronously on the event loop.
 * While requests are queued the handler stops reading from the socket (backpressure), and a
 * client that still bursts past {@link EgdLimits#MAX_QUEUED_REQUESTS} is closed.
 *
 * <p>Closing is the only error signal EGD has. Every close this handler makes is logged once, with
 * the peer's name and the reason: a 0x02 not satisfied within the blocking-read timeout, a 0x03
 * the backend refused, a protocol error from the decoder. One instance per connection.
 */
public class EgdServerHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(EgdServerHandler.class);

    private final EgdBackend backend;
    private final long blockingReadTimeoutNanos;

    private final ReplyBatch batch = new ReplyBatch();
    private final java.util.function.IntConsumer written;
    private PeerIdentity peer;
    /** Created on first use: most connections never pipeline. */
    private ArrayDeque<EgdRequest> queue;
    private CompletableFuture<byte[]> pendingTake;
    private ScheduledFuture<?> pendingTimeout;
    private boolean readingPaused;
    private boolean closing;

    public EgdServerHandler(EgdBackend backend, Duration blockingReadTimeout) {
        this(backend, blockingReadTimeout, n -> { });
    }

    /** {@code written} hears how many replies each batch carried (the timeouts handler counts replies). */
    EgdServerHandler(EgdBackend backend, Duration blockingReadTimeout, java.util.function.IntConsumer written) {
        this.written = written;
        this.backend = Objects.requireNonNull(backend, "backend");
        if (blockingReadTimeout.isNegative() || blockingReadTimeout.isZero()) {
            throw new IllegalArgumentException("blocking-read timeout must be positive");
        }
        this.blockingReadTimeoutNanos = blockingReadTimeout.toNanos();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ReadBlockingRun run) {
            if (!closing) {
                serveRun(ctx, run);
            }
            return;
        }
        if (!(msg instanceof EgdRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) {
            return;
        }
        if (pendingTake == null && (queue == null || queue.isEmpty())) {
            answer(ctx, request);
            return;
        }
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        if (queue.size() >= EgdLimits.MAX_QUEUED_REQUESTS) {
            close(ctx, "too-many-queued", "pipelined more than " + EgdLimits.MAX_QUEUED_REQUESTS + " requests without reading replies");
            return;
        }
        queue.addLast(request);
        if (!readingPaused && queue.size() >= EgdLimits.PAUSE_READING_AT) {
            readingPaused = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        writeBatch(ctx);
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        batch.release();
        cancelPendingTake();
        if (queue != null) {
            queue.clear();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof EgdProtocolException) {
            close(ctx, "protocol", cause.getMessage());
        } else if (cause instanceof IOException) {
            // A reset or broken pipe is the peer leaving; not worth more than a debug line.
            LOG.debug("event=egd-io-error peer={} error=\"{}\"", peerName(ctx), cause.toString());
            closing = true;
            ctx.close();
        } else {
            EgdCloseLog.closing(Level.WARN, peerName(ctx), "error", cause.toString());
            LOG.debug("event=egd-error-trace peer={}", peerName(ctx), cause);
            closing = true;
            ctx.close();
        }
    }

    /**
     * A run of 0x02 reads: with nothing in flight or queued and the backend able to cover the sum at once,
     * one take answers them all, in order (the replies are the bytes back to back). Otherwise each read
     * goes the way it would have gone alone.
     */
    private void serveRun(ChannelHandlerContext ctx, ReadBlockingRun run) {
        if (pendingTake == null && (queue == null || queue.isEmpty())) {
            byte[] data = backend.takeAtOnce(peer(ctx), run.total(), run.size());
            if (data != null) {
                if (data.length != run.total()) {
                    Arrays.fill(data, (byte) 0);
                    close(ctx, "backend", "backend returned " + data.length + " bytes for " + run.size()
                            + " 0x02 reads of " + run.total() + " bytes");
                    return;
                }
                boolean full = batch.addRaw(ctx.alloc(), data, run.size());
                Arrays.fill(data, (byte) 0);
                if (full) {
                    writeBatch(ctx);
                    ctx.flush();
                }
                return;
            }
        }
        for (int i = 0; i < run.size() && !closing; i++) {
            channelRead(ctx, run.request(i));
        }
    }

    private void answer(ChannelHandlerContext ctx, EgdRequest request) {
        PeerIdentity who = peer(ctx);
        if (request instanceof BitsAvailableRequest) {
            reply(ctx, new BitsAvailableResponse(backend.availableBits(who)));
        } else if (request instanceof ReadNonBlockingRequest r) {
            byte[] data = backend.takeNow(who, r.count());
            if (data == null || data.length > r.count()) {
                close(ctx, "backend", "backend returned " + (data == null ? "null" : data.length + " bytes")
                        + " for a 0x01 of " + r.count());
                return;
            }
            reply(ctx, new ReadNonBlockingResponse(data));
        } else if (request instanceof ReadBlockingRequest r) {
            startBlockingRead(ctx, who, r.count());
        } else if (request instanceof WriteEntropyRequest w) {
            try {
                backend.contribute(who, w.bits(), w.data());
            } catch (EgdRefusedException e) {
                close(ctx, "write-refused", "0x03 refused: " + e.getMessage());
            } finally {
                Arrays.fill(w.data(), (byte) 0);
            }
        } else if (request instanceof GetPidRequest) {
            reply(ctx, new PidResponse(backend.pid()));
        }
    }

    private void startBlockingRead(ChannelHandlerContext ctx, PeerIdentity who, int count) {
        if (count == 0) {
            reply(ctx, new ReadBlockingResponse(new byte[0]));
            return;
        }
        CompletableFuture<byte[]> take = backend.take(who, count);
        if (take.isDone() && !take.isCompletedExceptionally()) {
            finishBlockingRead(ctx, count, take.getNow(null));
            return;
        }
        pendingTake = take;
        pendingTimeout = ctx.executor().schedule(() -> blockingReadTimedOut(ctx, take, count),
                blockingReadTimeoutNanos, TimeUnit.NANOSECONDS);
        take.whenComplete((data, error) -> {
            // Completed by a source thread (the usual case for a waited read): hop onto the event loop.
            // Completed on the event loop itself (e.g. by another connection's 0x03): answer in place.
            if (ctx.executor().inEventLoop()) {
                blockingReadDone(ctx, take, count, data, error);
            } else {
                ctx.executor().execute(() -> blockingReadDone(ctx, take, count, data, error));
            }
        });
    }

    private void blockingReadDone(ChannelHandlerContext ctx, CompletableFuture<byte[]> take, int count,
                                  byte[] data, Throwable error) {
        if (take != pendingTake) {
            // Timed out or closed meanwhile: the bytes have nowhere to go; do not leave them around.
            if (data != null) {
                Arrays.fill(data, (byte) 0);
            }
            return;
        }
        pendingTake = null;
        pendingTimeout.cancel(false);
        pendingTimeout = null;
        if (error != null) {
            close(ctx, "backend", "backend failed a 0x02 of " + count + ": " + error);
            return;
        }
        finishBlockingRead(ctx, count, data);
        drainQueue(ctx);
        writeBatch(ctx);
        ctx.flush();
    }

    private void finishBlockingRead(ChannelHandlerContext ctx, int count, byte[] data) {
        if (data == null || data.length != count) {
            close(ctx, "backend", "backend returned " + (data == null ? "null" : data.length + " bytes") + " for a 0x02 of " + count);
            return;
        }
        reply(ctx, new ReadBlockingResponse(data));
    }

    private void blockingReadTimedOut(ChannelHandlerContext ctx, CompletableFuture<byte[]> take, int count) {
        if (take != pendingTake) {
            return;
        }
        close(ctx, "read-timeout", "0x02 of " + count + " bytes not satisfied within "
                + TimeUnit.NANOSECONDS.toMillis(blockingReadTimeoutNanos) + " ms");
    }

    private void drainQueue(ChannelHandlerContext ctx) {
        while (!closing && pendingTake == null && queue != null && !queue.isEmpty()) {
            answer(ctx, queue.pollFirst());
        }
        if (readingPaused && !closing && (queue == null || queue.size() <= EgdLimits.RESUME_READING_AT)) {
            readingPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void close(ChannelHandlerContext ctx, String reason, String detail) {
        if (closing) {
            return;
        }
        closing = true;
        EgdCloseLog.closing(Level.WARN, peerName(ctx), reason, detail);
        cancelPendingTake();
        writeBatch(ctx);
        // Replies already written for earlier requests still go out before the close.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ctx.close());
    }

    /** Adds a reply to the batch, in order with every other (all of them go through here); see {@link ReplyBatch}. */
    private void reply(ChannelHandlerContext ctx, EgdResponse response) {
        if (batch.add(ctx.alloc(), response)) {
            writeBatch(ctx);
            ctx.flush();
        }
    }

    /** Writes the pending replies, unflushed; the void promise: a failed write reaches exceptionCaught. */
    private void writeBatch(ChannelHandlerContext ctx) {
        int n = batch.replies();
        ByteBuf b = batch.take();
        if (b != null) {
            ctx.write(b, ctx.voidPromise());
            written.accept(n);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        batch.release();
    }

    private void cancelPendingTake() {
        if (pendingTimeout != null) {
            pendingTimeout.cancel(false);
            pendingTimeout = null;
        }
        if (pendingTake != null) {
            CompletableFuture<byte[]> take = pendingTake;
            pendingTake = null;
            take.cancel(false);
        }
    }

    private PeerIdentity peer(ChannelHandlerContext ctx) {
        if (peer == null) {
            peer = Peers.of(ctx.channel());
        }
        return peer;
    }

    private String peerName(ChannelHandlerContext ctx) {
        return Peers.forLog(peer(ctx));
    }
}
