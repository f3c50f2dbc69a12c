package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgdServerEncoderTest {

    static final List<EgdResponse> ALL = List.of(
            new BitsAvailableResponse(0),
            new BitsAvailableResponse(4096),
            new BitsAvailableResponse(EgdLimits.MAX_BITS_AVAILABLE),
            new ReadNonBlockingResponse(new byte[0]),
            new ReadNonBlockingResponse(Frames.pattern(255, 1)),
            new ReadBlockingResponse(Frames.pattern(1, 2)),
            new ReadBlockingResponse(Frames.pattern(255, 3)),
            new PidResponse("-1"),
            new PidResponse("12345"),
            new PidResponse(""));

    @Test
    void writesEachResponseInWireFormat() {
        for (EgdResponse r : ALL) {
            EmbeddedChannel ch = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
            ch.writeOutbound(r);
            assertArrayEquals(Frames.response(r), Frames.drainOutbound(ch), r.toString());
            assertFalse(ch.finish());
        }
    }

    @Test
    void writesBigEndianU32() {
        EmbeddedChannel ch = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
        ch.writeOutbound(new BitsAvailableResponse(0x01020304L));
        assertArrayEquals(Frames.bytes(1, 2, 3, 4), Frames.drainOutbound(ch));
        assertFalse(ch.finish());
    }

    @Test
    void emptyBlockingReplyWritesNothing() {
        EmbeddedChannel ch = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
        ch.writeOutbound(new ReadBlockingResponse(new byte[0]));
        assertArrayEquals(new byte[0], Frames.drainOutbound(ch));
        assertFalse(ch.finish());
    }

    @Test
    void isOneSharedInstance() {
        EmbeddedChannel a = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
        EmbeddedChannel b = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
        assertSame(a.pipeline().first(), b.pipeline().first());
        assertFalse(a.finish());
        assertFalse(b.finish());
    }
}
