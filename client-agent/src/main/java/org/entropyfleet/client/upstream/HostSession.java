package org.entropyfleet.client.upstream;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.entropyfleet.link.egd.BitsAvailableResponse;
import org.entropyfleet.link.egd.EgdResponse;
import org.entropyfleet.link.egd.ReadBlockingResponse;

/**
 * One TLS connection to one host, last in its pipeline. Remembers what it asked for and when, so the
 * connector can tell a slow host from a quiet one. All state lives on the channel's event loop.
 *
 * <p>A completed handshake is not yet acceptance: the host may still refuse our certificate (TLS 1.3
 * alert after our Finished, or a close for its allowlist). The host's first reply is: until then a
 * failure or close is passed on as a refusal when it is one (see {@link RefusalCause}).
 */
final class HostSession extends ChannelInboundHandlerAdapter {
    /** A request sent and not yet answered. {@code bytes} is 0 for a 0x00 (probe/keepalive). */
    record Pending(int bytes, long sentNanos) {
    }

    /** Position in the connector's hosts list; moves when a reload reorders the list. */
    int hostIndex;
    final UpstreamHost host;
    final boolean probe;
    private final HostConnector connector;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    Channel channel;
    boolean ready;
    /** The TLS handshake itself completed; {@link #ready} also needs our peer check of the host to pass. */
    private boolean handshakeDone;
    /** The host answered once: it accepted our certificate. */
    boolean accepted;
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
    public void handlerAdded(ChannelHandlerContext ctx) {
        // The peer-verification handler before us does not pass a failed handshake on; the future
        // carries the cause (and with it a refusal alert under TLS 1.2).
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null) {
            ssl.handshakeFuture().addListener(f -> {
                if (f.isSuccess()) {
                    handshakeDone = true;
                } else {
                    fail(ctx, "TLS handshake failed: ", f.cause());
                }
            });
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                ready = true;
                connector.onReady(this);
            } else {
                fail(ctx, "TLS handshake failed: ", e.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Pending p = pending.pollFirst();
        lastActivityNanos = System.nanoTime();
        if (!accepted) {
            accepted = true;
            connector.onAccepted(this);
        }
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
        if (ready && !accepted && !retired) {
            connector.onRefused(this, RefusalCause.CLOSED_AFTER_HANDSHAKE);
        } else if (handshakeDone && !ready && !retired) {
            // our peer-verification handler closed a completed handshake: the host failed our tls.allow
            connector.onRefused(this, RefusalCause.HOST_NOT_ALLOWED);
        }
        connector.onClosed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "", cause);
    }

    /** A refusal before the host accepted us goes to the refusal backoff; anything else is a transport failure. */
    private void fail(ChannelHandlerContext ctx, String context, Throwable cause) {
        Optional<String> refusal = accepted ? Optional.empty() : RefusalCause.of(cause, ourCertificate(ctx));
        if (refusal.isPresent()) {
            connector.onRefused(this, refusal.get());
        } else {
            connector.onFailure(this, context + rootMessage(cause));
        }
        ctx.close();
    }

    /** The certificate we presented on this connection, if the engine still knows it. */
    private static X509Certificate ourCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        SSLSession session = ssl == null ? null : ssl.engine().getSession();
        Certificate[] local = session == null ? null : session.getLocalCertificates();
        return local != null && local.length > 0 && local[0] instanceof X509Certificate x ? x : null;
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
