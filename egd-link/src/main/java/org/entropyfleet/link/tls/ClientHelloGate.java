package org.entropyfleet.link.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Holds a new connection's first bytes until a whole ClientHello has arrived, and only then puts the
 * TLS engine in its place ({@link ServerTlsContext#installEngine}). A peer that connects and sends
 * nothing, or a few bytes, costs a channel and a small buffer instead of a TLS engine, so the server
 * can afford to keep many such connections in its handshake budget while it sheds them (the
 * attack that fills a server with half-sent ClientHellos). Not TLS at all: the engine is installed
 * anyway and refuses the bytes with its own protocol error.
 *
 * <p>Bounded: a ClientHello longer than {@link #MAX_CLIENT_HELLO} bytes fails the handshake.
 */
final class ClientHelloGate extends SslClientHelloHandler<Void> {
    /** One TLS record's worth: far above a real ClientHello (≈ 0.3–2 KB with post-quantum key shares). */
    static final int MAX_CLIENT_HELLO = 16 * 1024;

    private final ServerTlsContext tls;
    private final long timeoutMillis;
    private ScheduledFuture<?> timeout;
    private boolean installed;

    ClientHelloGate(ServerTlsContext tls, long timeoutMillis) {
        super(MAX_CLIENT_HELLO);
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            startTimeout(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startTimeout(ctx);
        super.channelActive(ctx);
    }

    /** The same deadline as the handshake's: a peer that never completes its ClientHello is closed by then. */
    private void startTimeout(ChannelHandlerContext ctx) {
        if (timeout == null) {
            timeout = ctx.executor().schedule(() -> {
                if (!installed && ctx.channel().isActive()) {
                    tls.helloRefused(ctx.channel(), RefusalReason.TIMEOUT,
                            "no complete ClientHello within " + timeoutMillis + " ms");
                    ctx.close();
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!installed) {
            tls.helloRefused(ctx.channel(), RefusalReason.CLOSED, "closed before a complete ClientHello");
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        installed = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
        super.handlerRemoved0(ctx);
    }

    @Override
    protected Future<Void> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        return ctx.executor().newSucceededFuture(null);
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<Void> future) {
        installed = true;
        tls.installEngine(ctx.pipeline(), this);
    }
}
