package org.entropyfleet.link.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Sits right after the {@link SslHandler}. When the handshake completes it applies the allowlist,
 * sets {@link PeerIdentity#ATTR}, fires {@link PeerAuthenticatedEvent} and removes itself. When the
 * handshake fails, or the peer is not allowed, it logs one line (reason and peer; rate-limited per reason), counts
 * {@code tls.handshakes.failed.<reason>}, closes the channel and swallows the follow-up exceptions so
 * no other handler logs the same failure again. Until the peer is accepted no application data passes.
 */
final class PeerVerificationHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(PeerVerificationHandler.class);

    /** The peer's verified chain, kept for re-checking live connections after a reload. */
    static final AttributeKey<X509Certificate[]> PEER_CHAIN =
            AttributeKey.valueOf(PeerVerificationHandler.class, "peerChain");

    /** Keeps the refusal log line one readable line. */
    static final int MAX_DETAIL_CHARS = 400;

    private final SslHandler ssl;
    private final PeerPolicy policy;
    private boolean refused;

    PeerVerificationHandler(SslHandler ssl, PeerPolicy policy) {
        this.ssl = ssl;
        this.policy = policy;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (refused) {
            return;
        }
        if (!done.isSuccess()) {
            Throwable cause = done.cause();
            refuse(ctx, RefusalReason.classify(cause), rootMessage(cause));
            return;
        }
        X509Certificate[] chain;
        try {
            Certificate[] certs = ssl.engine().getSession().getPeerCertificates();
            chain = new X509Certificate[certs.length];
            for (int i = 0; i < certs.length; i++) {
                chain[i] = (X509Certificate) certs[i];
            }
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            refuse(ctx, RefusalReason.NO_CLIENT_CERT, "peer presented no certificate");
            return;
        }
        if (chain.length == 0) {
            refuse(ctx, RefusalReason.NO_CLIENT_CERT, "peer presented no certificate");
            return;
        }
        PeerIdentity peer = PeerIdentity.of(chain[0]);
        // Chain first, then tracking, then the check: whichever way a concurrent reload interleaves,
        // either our check sees the new trust material or the reload's sweep sees this channel.
        ctx.channel().attr(PEER_CHAIN).set(chain);
        policy.track(ctx.channel());
        try {
            policy.check(peer, chain);
        } catch (PeerRejectedException e) {
            refuse(ctx, e.reason(), e.getMessage());
            return;
        }
        ctx.channel().attr(PeerIdentity.ATTR).set(peer);
        policy.metrics().handshakeOk();
        LOG.debug("event=tls-handshake-ok role={} peer={} name={} serial={} protocol={} cipher={}", policy.role(),
                ctx.channel().remoteAddress(), peer.name(), peer.serialHex(),
                ssl.engine().getSession().getProtocol(), ssl.engine().getSession().getCipherSuite());
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(evt);
        ctx.fireUserEventTriggered(new PeerAuthenticatedEvent(peer));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Only reachable before acceptance (we remove ourselves after): never hand data to the
        // application from a peer we have not accepted.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before acceptance every error is part of the handshake outcome, which the completion event
        // reports (SslHandler fires it before the exception, and on close). Close, log nothing here.
        ctx.close();
    }

    private void refuse(ChannelHandlerContext ctx, RefusalReason reason, String detail) {
        refused = true;
        policy.metrics().refused(policy.role(), reason, ctx.channel().remoteAddress(), detail);
        ctx.close();
    }

    private static String rootMessage(Throwable t) {
        StringBuilder sb = new StringBuilder();
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m != null && !m.equals(last) && (last == null || !last.contains(m))) {
                if (sb.length() > 0) {
                    sb.append(" <- ");
                }
                sb.append(m.replace('\n', ' '));
                last = m;
            }
        }
        String text = sb.length() == 0 ? t.getClass().getSimpleName() : sb.toString();
        return text.length() <= MAX_DETAIL_CHARS ? text : text.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
