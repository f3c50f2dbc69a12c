package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reply batch against the plain reference, {@link EgdServerEncoder}: same bytes, fewer buffers. */
class ReplyBatchTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

    private static void drainInto(ReplyBatch batch, ByteArrayOutputStream out) {
        ByteBuf b = batch.take();
        if (b != null) {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
    }

    @Test
    void writesExactlyTheReferenceBytesWhereverTheBatchesEnd() {
        Random rnd = new Random(15);
        for (int trial = 0; trial < 200; trial++) {
            ReplyBatch batch = new ReplyBatch();
            ByteArrayOutputStream batched = new ByteArrayOutputStream();
            ByteArrayOutputStream reference = new ByteArrayOutputStream();
            int replies = 1 + rnd.nextInt(60);
            for (int i = 0; i < replies; i++) {
                EgdResponse r = EgdServerEncoderTest.ALL.get(rnd.nextInt(EgdServerEncoderTest.ALL.size()));
                EmbeddedChannel plain = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
                plain.writeOutbound(r);
                reference.writeBytes(Frames.drainOutbound(plain));
                assertFalse(plain.finish());
                if (batch.add(ALLOC, r) || rnd.nextInt(8) == 0) {
                    drainInto(batch, batched);
                }
            }
            drainInto(batch, batched);
            assertArrayEquals(reference.toByteArray(), batched.toByteArray(), "trial " + trial);
        }
    }

    @Test
    void asksForAFlushAtTheBoundAndCountsItsReplies() {
        ReplyBatch batch = new ReplyBatch();
        int n = ReplyBatch.FLUSH_AT_BYTES / 32;
        for (int i = 1; i < n; i++) {
            assertFalse(batch.add(ALLOC, new ReadBlockingResponse(Frames.pattern(32, i))), "reply " + i);
        }
        assertTrue(batch.add(ALLOC, new ReadBlockingResponse(Frames.pattern(32, n))), "the bound is reached");
        assertEquals(n, batch.replies());
        ByteBuf b = batch.take();
        assertEquals(ReplyBatch.FLUSH_AT_BYTES, b.readableBytes());
        b.release();
        assertEquals(0, batch.replies());
        assertNull(batch.take(), "empty after take");
    }
}
