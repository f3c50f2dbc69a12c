package org.entropyfleet.link.egd;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Client end of an EGD test connection: our client codec, then every decoded reply queued in arrival
 * order for the test to take.
 */
public final class EgdReplies {
    /** More replies than any test has outstanding; a test that floods it fails loudly on add. */
    public static final int MAX_QUEUED = 1024;

    private final BlockingQueue<EgdResponse> queue = new LinkedBlockingQueue<>(MAX_QUEUED);

    /** Adds the client codec and the reply collector to the end of {@code p} (after TLS, if any). */
    public void addTo(ChannelPipeline p) {
        EgdPipelines.addClientCodec(p);
        p.addLast(new SimpleChannelInboundHandler<EgdResponse>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, EgdResponse msg) {
                queue.add(msg);
            }
        });
    }

    /** The next reply, or null when none arrived within the timeout. */
    public EgdResponse poll(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }
}
