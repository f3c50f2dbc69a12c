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
import org.entropyfleet.link.egd.BitsAvailableRequest;
import org.entropyfleet.link.egd.BitsAvailableResponse;
import org.entropyfleet.link.egd.EgdResponse;
import org.entropyfleet.link.egd.ReadBlockingRequest;
import org.entropyfleet.link.egd.ReadBlockingResponse;

/**
 * One TLS connection to one host, last in its pipeline. It owns what was asked and when (so a slow host
 * is told from a quiet one) and the bytes in flight; its owner sends through {@link #request} and
 * {@link #ping} and hears back through a {@link Listener}, never the other way round. All state lives on
 * the channel's event loop.
 *
 * <p>A completed handshake is not yet acceptance: the host may still refuse our certificate (TLS 1.3
 * alert after our Finished, or a close for its allowlist). The host's first reply is: until then a
 * failure or close is reported as a refusal when it is one (see {@link RefusalCause}). Every session
 * ends exactly once, with one {@link Ending}, unless its owner {@link #retire}s it first.
 */
final class HostSession extends ChannelInboundHandlerAdapter {
    /** What the owner hears, on the event loop. */
    interface Listener {
        /** Handshake done and the host passed our checks: requests may be sent. */
        void ready(HostSession s);

        /** The host's first reply: it accepted our certificate. */
        void accepted(HostSession s);

        /** Bytes answering a {@link #request}; the listener's to wipe. */
        void received(HostSession s, byte[] data);

        /** The connection is over (failed, refused or closed); nothing follows. */
        void ended(HostSession s, Ending how);
    }

    /** How a session ended: {@code refusal} means a certificate was refused, which backs off much longer. */
    record Ending(boolean refusal, String reason) {
    }

    /** A request sent and not yet answered. {@code bytes} is 0 for a 0x00 (probe/keepalive). */
    private record Pending(int bytes, long sentNanos) {
    }

    final UpstreamHost host;
    private final Listener listener;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private Channel channel;
    private boolean handshakeDone;   // the TLS handshake itself; ready also needs our check of the host
    private boolean ready;
    private boolean accepted;
    private Ending ending;           // set once: by a failure, a close, or retire (then null is never reported)
    private boolean over;
    private int bytesInFlight;
    private long lastActivityNanos = System.nanoTime();

    HostSession(UpstreamHost host, Listener listener) {
        this.host = host;
        this.listener = listener;
    }

    /** The channel connecting for this session; closed at once if the session was retired meanwhile. */
    void attach(Channel ch) {
        channel = ch;
        if (over) {
            ch.close();
        }
    }

    boolean isOver() {
        return over;
    }

    boolean isReady() {
        return ready && !over;
    }

    int bytesInFlight() {
        return bytesInFlight;
    }

    int outstanding() {
        return pending.size();
    }

    /** Oldest unanswered request's send time, or -1. */
    long oldestPendingNanos() {
        Pending p = pending.peekFirst();
        return p == null ? -1 : p.sentNanos();
    }

    /** Nothing outstanding and nothing heard for longer than {@code nanos}. */
    boolean idleFor(long now, long nanos) {
        return pending.isEmpty() && now - lastActivityNanos > nanos;
    }

    /** Queues a 0x02 of {@code n} bytes; the owner flushes. */
    void request(int n, long now) {
        channel.write(new ReadBlockingRequest(n));
        pending.addLast(new Pending(n, now));
        bytesInFlight += n;
    }

    /** Sends a 0x00: the host's answer shows it is alive (and, the first time, that it accepted us). */
    void ping(long now) {
        lastActivityNanos = now;
        channel.writeAndFlush(new BitsAvailableRequest());
        pending.addLast(new Pending(0, now));
    }

    void flush() {
        channel.flush();
    }

    /** Ends the session as a failure (e.g. too slow), reported once the channel has closed. */
    void fail(String reason) {
        endWith(new Ending(false, reason));
    }

    /** The connection could not be made (resolution or connect failed): ends the session now. */
    void connectFailed(String reason) {
        endWith(new Ending(false, reason));
        report();
    }

    /** Closes the session without reporting anything: its owner no longer wants it. */
    void retire() {
        over = true;
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
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
            if (!e.isSuccess()) {
                fail(ctx, "TLS handshake failed: ", e.cause());
            } else if (!over && ending == null) {
                ready = true;
                listener.ready(this);
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (over || ending != null) {
            return;
        }
        Pending p = pending.pollFirst();
        lastActivityNanos = System.nanoTime();
        if (!accepted) {
            accepted = true;
            listener.accepted(this);
        }
        if (p == null) {
            endWith(new Ending(false, "reply with no request outstanding"));
        } else if (msg instanceof ReadBlockingResponse r) {
            bytesInFlight -= p.bytes();
            listener.received(this, r.data());
        } else if (!(msg instanceof BitsAvailableResponse) && msg instanceof EgdResponse r) {
            endWith(new Ending(false, "unexpected reply " + r.command()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ending == null) {
            if (ready && !accepted) {
                ending = new Ending(true, RefusalCause.CLOSED_AFTER_HANDSHAKE);
            } else if (handshakeDone && !ready) {
                // our peer-verification handler closed a completed handshake: the host failed our tls.allow
                ending = new Ending(true, RefusalCause.HOST_NOT_ALLOWED);
            } else {
                ending = new Ending(false, "connection closed by host");
            }
        }
        report();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, "", cause);
    }

    /** A refusal before the host accepted us goes to the refusal backoff; anything else is a transport failure. */
    private void fail(ChannelHandlerContext ctx, String context, Throwable cause) {
        Optional<String> refusal = accepted ? Optional.empty() : RefusalCause.of(cause, ourCertificate(ctx));
        endWith(refusal.map(r -> new Ending(true, r)).orElseGet(() -> new Ending(false, context + rootMessage(cause))));
    }

    private void endWith(Ending e) {
        if (ending == null) {
            ending = e;
        }
        if (channel != null) {
            channel.close();
        }
    }

    private void report() {
        if (!over) {
            over = true;
            listener.ended(this, ending);
        }
    }

    /** The certificate we presented on this connection, if the engine still knows it. */
    private static X509Certificate ourCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        SSLSession session = ssl == null ? null : ssl.engine().getSession();
        Certificate[] local = session == null ? null : session.getLocalCertificates();
        return local != null && local.length > 0 && local[0] instanceof X509Certificate x ? x : null;
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
