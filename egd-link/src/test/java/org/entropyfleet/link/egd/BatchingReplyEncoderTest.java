package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batching encoder against the plain reference, {@link EgdServerEncoder}: same bytes, fewer buffers. */
class BatchingReplyEncoderTest {

    @Test
    void writesExactlyTheReferenceBytesWhereverTheFlushesFall() {
        Random rnd = new Random(15);
        for (int trial = 0; trial < 200; trial++) {
            EmbeddedChannel batching = new EmbeddedChannel(new BatchingReplyEncoder());
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            int replies = 1 + rnd.nextInt(60);
            for (int i = 0; i < replies; i++) {
                EgdResponse r = EgdServerEncoderTest.ALL.get(rnd.nextInt(EgdServerEncoderTest.ALL.size()));
                EmbeddedChannel plain = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
                plain.writeOutbound(r);
                reference.writeBytes(Frames.drainOutbound(plain));
                batching.write(r, batching.voidPromise());
                if (rnd.nextInt(8) == 0) {
                    batching.flush();
                }
            }
            batching.flush();
            assertArrayEquals(reference.toByteArray(), Frames.drainOutbound(batching), "trial " + trial);
            assertFalse(batching.finish());
        }
    }

    @Test
    void holdsRepliesUntilTheFlushOrTheBoundAndKeepsOtherWritesInOrder() {
        EmbeddedChannel ch = new EmbeddedChannel(new BatchingReplyEncoder());
        ch.write(new BitsAvailableResponse(1), ch.voidPromise());
        ch.write(new PidResponse("7"), ch.voidPromise());
        assertEquals(0, ch.outboundMessages().size(), "nothing leaves before the flush");
        ch.writeAndFlush(Unpooled.wrappedBuffer(Frames.bytes(0xee)));
        assertArrayEquals(Frames.bytes(0, 0, 0, 1, 1, '7', 0xee), Frames.drainOutbound(ch), "replies first, then the other write");

        int n = BatchingReplyEncoder.FLUSH_AT_BYTES / 32;
        for (int i = 0; i < n; i++) {
            ch.write(new ReadBlockingResponse(Frames.pattern(32, i)), ch.voidPromise());
        }
        ByteBuf out = ch.readOutbound();
        assertEquals(BatchingReplyEncoder.FLUSH_AT_BYTES, out.readableBytes(), "written and flushed at the bound, in one buffer");
        out.release();
        assertFalse(ch.finishAndReleaseAll(), "nothing left behind");
    }
}
