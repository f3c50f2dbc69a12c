package org.entropyfleet.host.admission;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * First in the pipeline, below TLS: the first bytes we write on a connection are our answer to a
 * complete ClientHello. Tells {@link TlsAdmission} so, then leaves the pipeline (no cost afterwards).
 */
final class HandshakeAnswerWatch extends ChannelOutboundHandlerAdapter {
    private final TlsAdmission admission;

    HandshakeAnswerWatch(TlsAdmission admission) {
        this.admission = admission;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        admission.onAnswered(ctx.channel());
        ctx.pipeline().remove(this);
        ctx.write(msg, promise);
    }
}
