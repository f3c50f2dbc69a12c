package org.entropyfleet.client.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.ArrayDeque;
import org.entropyfleet.link.egd.BitsAvailableResponse;
import org.entropyfleet.link.egd.EgdResponse;
import org.entropyfleet.link.egd.ReadBlockingResponse;

/**
 * One TLS connection to one host, last in its pipeline. Remembers what it asked for and when, so the
 * connector can tell a slow host from a quiet one. All state lives on the channel's event loop.
 */
final class HostSession extends ChannelInboundHandlerAdapter {
    /** A request sent and not yet answered. {@code bytes} is 0 for a 0x00 (probe/keepalive). */
    record Pending(int bytes, long sentNanos) {
    }

    final int hostIndex;
    final UpstreamHost host;
    final boolean probe;
    private final HostConnector connector;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    Channel channel;
    boolean ready;
    boolean retired;
    int bytesInFlight;
    long lastActivityNanos = System.nanoTime();

    HostSession(HostConnector connector, int hostIndex, UpstreamHost host, boolean probe) {
        this.connector = connector;
        this.hostIndex = hostIndex;
        this.host = host;
        this.probe = probe;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                ready = true;
                connector.onReady(this);
            } else {
                connector.onFailure(this, "TLS handshake failed: " + rootMessage(e.cause()));
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Pending p = pending.pollFirst();
        lastActivityNanos = System.nanoTime();
        if (p == null) {
            connector.onFailure(this, "reply with no request outstanding");
            ctx.close();
            return;
        }
        if (msg instanceof ReadBlockingResponse r) {
            bytesInFlight -= p.bytes();
            connector.onBytes(this, r.data());
        } else if (msg instanceof BitsAvailableResponse) {
            connector.onAlive(this);
        } else if (msg instanceof EgdResponse r) {
            connector.onFailure(this, "unexpected reply " + r.command());
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connector.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connector.onFailure(this, rootMessage(cause));
        ctx.close();
    }

    /** Oldest unanswered request's send time, or -1. */
    long oldestPendingNanos() {
        Pending p = pending.peekFirst();
        return p == null ? -1 : p.sentNanos();
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.replace('"', '\'');
    }
}
