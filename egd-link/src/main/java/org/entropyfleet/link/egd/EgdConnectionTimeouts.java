package org.entropyfleet.link.egd;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.event.Level;

/**
 * The two clocks of an EGD server connection, with at most one timer armed at a time.
 *
 * <ul>
 *   <li>Partial frame: starts when part of a request has arrived and stops when the request is
 *       complete. Not reset by further bytes, so a slow-loris client trickling one byte at a time
 *       is closed as surely as a silent one.</li>
 *   <li>Idle: runs only while nothing is outstanding (every request answered) and no partial frame
 *       is buffered; zero means never. A 0x02 waiting for entropy is not idle; the blocking-read
 *       timeout of {@link EgdServerHandler} governs it.</li>
 * </ul>
 * Only whole requests and replies count as activity. A peer trickling a partial TLS record is
 * below this handler's sight (the TLS layer buffers it), so it is bounded by the idle timeout
 * when one is set — and such a peer has already authenticated with a certificate.
 *
 * <p>Sits between the decoder (whose {@link EgdServerDecoder#hasPartialFrame()} it reads after every
 * socket read) and the server handler (whose requests and replies it counts). One per connection;
 * its state is a few fields, so idle connections stay cheap.
 */
public class EgdConnectionTimeouts extends ChannelDuplexHandler {

    private enum Clock { NONE, PARTIAL, IDLE }

    private final EgdServerDecoder decoder;
    private final long partialFrameNanos;
    private final long idleNanos;

    private int awaitingReply;
    private Clock clock = Clock.NONE;
    private long lastActivity;
    private boolean requestsInRead;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> timer;

    public EgdConnectionTimeouts(EgdServerDecoder decoder, Duration partialFrameTimeout, Duration idleTimeout) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.partialFrameNanos = partialFrameTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
        if (partialFrameNanos <= 0 || idleNanos < 0) {
            throw new IllegalArgumentException("partial-frame timeout must be positive, idle timeout ≥ 0");
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            update(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        update(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    /** The event loop's clock (not System.nanoTime) so its scheduler and our arithmetic agree. */
    private static long now(ChannelHandlerContext ctx) {
        return ctx.executor().ticker().nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        int replies = msg instanceof EgdRequest r ? (r.command().hasReply() ? 1 : 0)
                : msg instanceof ReadBlockingRun run ? run.size() : -1;
        if (replies >= 0) {
            // Only complete requests count as activity: bytes that do not finish a request (or TLS
            // records carrying none) must not keep a connection alive forever. The clock is read once
            // per read, in channelReadComplete, not once per pipelined request.
            requestsInRead = true;
            awaitingReply += replies;
            if (clock == Clock.PARTIAL) {
                // That frame is done; a frame still partial after this read gets a fresh clock.
                cancel();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (requestsInRead) {
            requestsInRead = false;
            lastActivity = now(ctx);
        }
        update(ctx);
        ctx.fireChannelReadComplete();
    }

    /** A reply written as a message counts as it passes. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ctx.write(msg, promise);
        if (msg instanceof EgdResponse) {
            repliesWritten(1);
        }
    }

    /** {@code n} replies went out (the server handler writes them in batches, as plain bytes). */
    void repliesWritten(int n) {
        if (n > 0 && awaitingReply > 0 && context != null) {
            awaitingReply = Math.max(0, awaitingReply - n);
            lastActivity = now(context);
            if (awaitingReply == 0) {
                update(context);
            }
        }
    }

    /** Arms whichever clock the connection's state calls for. */
    private void update(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            cancel();
            return;
        }
        if (decoder.hasPartialFrame()) {
            if (clock != Clock.PARTIAL) {
                arm(ctx, Clock.PARTIAL, partialFrameNanos);
            }
        } else if (awaitingReply == 0 && idleNanos > 0) {
            // Lazily re-armed: requests and replies only move lastActivity; the timer checks it
            // when it fires, so a busy connection costs no timer churn.
            if (clock != Clock.IDLE) {
                lastActivity = now(ctx);
                arm(ctx, Clock.IDLE, idleNanos);
            }
        } else {
            cancel();
        }
    }

    private void arm(ChannelHandlerContext ctx, Clock which, long delayNanos) {
        cancel();
        clock = which;
        timer = ctx.executor().schedule(() -> fired(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fired(ChannelHandlerContext ctx) {
        timer = null;
        Clock which = clock;
        clock = Clock.NONE;
        if (!ctx.channel().isActive()) {
            return;
        }
        if (which == Clock.PARTIAL && decoder.hasPartialFrame()) {
            close(ctx, "partial-frame", "partial request not completed within " + TimeUnit.NANOSECONDS.toMillis(partialFrameNanos) + " ms");
        } else if (which == Clock.IDLE && awaitingReply == 0 && !decoder.hasPartialFrame()) {
            long idleFor = now(ctx) - lastActivity;
            if (idleFor >= idleNanos) {
                close(ctx, "idle", "idle for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms");
            } else {
                arm(ctx, Clock.IDLE, idleNanos - idleFor);
            }
        } else {
            update(ctx);
        }
    }

    private void close(ChannelHandlerContext ctx, String reason, String detail) {
        EgdCloseLog.closing(Level.INFO, Peers.name(ctx.channel()), reason, detail);
        ctx.close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        clock = Clock.NONE;
    }
}
