package org.entropyfleet.link.metrics;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Takes a place in the {@link ConnectionBudget} for its connection (shedding the oldest exchange when
 * it is full) and enforces the request deadline — from accept, or from the end of the previous
 * response, until the next response has been written. So a connection that sends nothing, dribbles a
 * header, or requests and never reads costs one slot for a few seconds at most, and keep-alive
 * connections are bounded by the same clock. Sits right after the HTTP codec, so it sees whole
 * responses rather than bytes.
 *
 * <p>At most one response per connection is unsent at a time: a second one means the peer pipelines
 * requests without reading the answers; it is dropped and the connection closed once the first is
 * written, so unread {@code /metrics} answers cannot pile up in memory.
 */
final class ConnectionGuard extends ChannelDuplexHandler {
    private final ConnectionBudget budget;
    private final ConnectionEvents events;
    private final long deadlineNanos;
    private ScheduledFuture<?> deadline;
    private boolean responding;
    private boolean closeAfterResponse;

    ConnectionGuard(ConnectionBudget budget, ConnectionEvents events, long deadlineNanos) {
        this.budget = budget;
        this.events = events;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel shed = budget.admit(ctx.channel());
        if (shed != null) {
            events.closed(CloseReason.SHED, shed);
            shed.close();
        }
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse)) {
            ctx.write(msg, promise);
            return;
        }
        if (responding) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("pipelined request while a response is unsent"));
            if (!closeAfterResponse) {
                closeAfterResponse = true;
                ctx.channel().config().setAutoRead(false);
                events.closed(CloseReason.PIPELINED, ctx.channel());
            }
            return;
        }
        responding = true;
        ChannelPromise p = promise.unvoid();
        p.addListener(f -> {
            responding = false;
            if (closeAfterResponse) {
                ctx.close();
            } else if (f.isSuccess()) {
                budget.renew(ctx.channel());
                arm(ctx);
            }
        });
        ctx.write(msg, p);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        budget.release(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        if (ctx.channel().isActive()) {
            deadline = ctx.executor().schedule(() -> expire(ctx), deadlineNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            events.closed(responding ? CloseReason.RESPONSE_DEADLINE : CloseReason.REQUEST_DEADLINE, ctx.channel());
            ctx.close();
        }
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
