package org.entropyfleet.host.admission;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.entropyfleet.link.tls.PeerAuthenticatedEvent;

/**
 * Ties one connection's life to {@link TlsAdmission}: a handshake slot from accept until the peer is
 * authenticated (or gone), then an authenticated slot until close. Sits after the TLS handlers, so
 * it sees {@link PeerAuthenticatedEvent}; an event it refuses goes no further, so the EGD handlers
 * never start on that connection.
 */
final class AdmissionHandler extends ChannelInboundHandlerAdapter {
    private final TlsAdmission admission;
    private boolean inHandshake;
    private String identity;

    AdmissionHandler(TlsAdmission admission) {
        this.admission = admission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!admission.onAccept(ctx.channel())) {
            return;
        }
        inHandshake = true;
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof PeerAuthenticatedEvent auth) {
            endHandshake(ctx);
            String name = auth.peer().name();
            if (!admission.onAuthenticated(ctx.channel(), name)) {
                return;
            }
            identity = name;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        endHandshake(ctx);
        if (identity != null) {
            admission.onAuthenticatedClosed(identity);
            identity = null;
        }
        super.channelInactive(ctx);
    }

    private void endHandshake(ChannelHandlerContext ctx) {
        if (inHandshake) {
            inHandshake = false;
            admission.onHandshakeEnded(ctx.channel());
        }
    }
}
