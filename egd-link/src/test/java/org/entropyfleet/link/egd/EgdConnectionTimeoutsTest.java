package org.entropyfleet.link.egd;

import static org.entropyfleet.link.egd.Frames.bytes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The two clocks on the embedded channel's controllable time, which makes "not yet" as exact as
 * "now". The socket-level tests in {@link EgdServerHandlerTest} check the same rules end to end.
 */
class EgdConnectionTimeoutsTest {

    /** Answers every request with a reply (0x03 gets none), like the real handler does. */
    static final class Answer extends SimpleChannelInboundHandler<EgdRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, EgdRequest msg) {
            if (msg.command().hasReply()) {
                ctx.writeAndFlush(new BitsAvailableResponse(0));
            }
        }
    }

    private static EmbeddedChannel channel(Duration partial, Duration idle) {
        EgdServerDecoder decoder = new EgdServerDecoder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(decoder, EgdServerEncoder.INSTANCE, new EgdConnectionTimeouts(decoder, partial, idle), new Answer());
        return ch;
    }

    private static void advance(EmbeddedChannel ch, long millis) {
        ch.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    private static void feed(EmbeddedChannel ch, byte[] b) {
        ch.writeInbound(Unpooled.wrappedBuffer(b));
        Frames.drainOutbound(ch);
    }

    @Test
    void tricklingBytesDoNotResetThePartialClock() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(1), Duration.ZERO);
        feed(ch, bytes(0x03));
        advance(ch, 600);
        feed(ch, bytes(0x00));
        advance(ch, 300);
        assertTrue(ch.isOpen());
        advance(ch, 200);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void eachNewFrameGetsAFreshPartialClock() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(1), Duration.ZERO);
        feed(ch, bytes(0x03, 0x00, 0x08, 0x01));
        advance(ch, 900);
        // Completes that write and starts another, still partial at the end of this read.
        feed(ch, bytes(0xaa, 0x03, 0x00, 0x08, 0x01));
        advance(ch, 900);
        assertTrue(ch.isOpen());
        advance(ch, 200);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void idleClockRunsFromTheLastRequestOrReply() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(5), Duration.ofSeconds(1));
        advance(ch, 900);
        feed(ch, bytes(0x00));
        advance(ch, 900);
        assertTrue(ch.isOpen(), "a request 0.9 s ago is not 1 s of idleness");
        advance(ch, 200);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void zeroIdleTimeoutNeverCloses() {
        EmbeddedChannel ch = channel(Duration.ofSeconds(1), Duration.ZERO);
        advance(ch, TimeUnit.DAYS.toMillis(2));
        assertTrue(ch.isOpen());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void noTimerIsArmedWhileAReplyIsOutstanding() {
        EgdServerDecoder decoder = new EgdServerDecoder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        // Nothing answers: the request stays outstanding, as a 0x02 waiting for entropy does.
        ch.pipeline().addLast(decoder, EgdServerEncoder.INSTANCE,
                new EgdConnectionTimeouts(decoder, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x02, 0x08)));
        ch.readInbound();
        advance(ch, 10_000);
        assertTrue(ch.isOpen());
        ch.writeOutbound(new ReadBlockingResponse(new byte[8]));
        Frames.drainOutbound(ch);
        advance(ch, 999);
        assertTrue(ch.isOpen());
        advance(ch, 2);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }
}
