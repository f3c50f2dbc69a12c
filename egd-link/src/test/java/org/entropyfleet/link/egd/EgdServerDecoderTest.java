package org.entropyfleet.link.egd;

import static org.entropyfleet.link.egd.Frames.buf;
import static org.entropyfleet.link.egd.Frames.bytes;
import static org.entropyfleet.link.egd.Frames.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgdServerDecoderTest {

    /** One request of every kind, including the edges of each field. */
    static final List<EgdRequest> ALL = List.of(
            BitsAvailableRequest.INSTANCE,
            new ReadNonBlockingRequest(0),
            new ReadNonBlockingRequest(255),
            new ReadBlockingRequest(32),
            new ReadBlockingRequest(255),
            new WriteEntropyRequest(0, new byte[0]),
            new WriteEntropyRequest(8 * 255, Frames.pattern(255, 7)),
            new WriteEntropyRequest(0x0102, Frames.pattern(40, 3)),
            GetPidRequest.INSTANCE);

    @Test
    void decodesEveryCommandFromAWholeFrame() {
        for (EgdRequest r : ALL) {
            EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
            assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(Frames.request(r))));
            assertEquals(r, ch.readInbound());
            assertNull(ch.readInbound());
            assertFalse(ch.finish());
        }
    }

    @Test
    void serverPipelineDecoderJoinsBackToBackBlockingReadsIntoRuns() {
        EgdServerDecoder decoder = new EgdServerDecoder(true);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(concat(bytes(0x02, 32), bytes(0x02, 0), bytes(0x02, 255),
                bytes(0x00), bytes(0x02, 7), bytes(0x04), bytes(0x02, 1), bytes(0x02, 2), bytes(0x02)))));
        assertEquals(new ReadBlockingRun(new int[] {32, 0, 255}), ch.readInbound());
        assertEquals(BitsAvailableRequest.INSTANCE, ch.readInbound());
        assertEquals(new ReadBlockingRequest(7), ch.readInbound());
        assertEquals(GetPidRequest.INSTANCE, ch.readInbound());
        // the 0x02 whose count has not arrived is not part of the run: it waits as a partial frame
        assertEquals(new ReadBlockingRun(new int[] {1, 2}), ch.readInbound());
        assertNull(ch.readInbound());
        assertTrue(decoder.hasPartialFrame());
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(bytes(9))));
        assertEquals(new ReadBlockingRequest(9), ch.readInbound());
        assertFalse(decoder.hasPartialFrame());
        assertFalse(ch.finish());
    }

    @Test
    void aRunAsksForAtMostOneReplyBatchAndHoldsAtMostMaxReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder(true));
        byte[] big = new byte[2 * 17];
        for (int i = 0; i < 17; i++) {
            big[2 * i] = 0x02;
            big[2 * i + 1] = (byte) 255;
        }
        byte[] empty = new byte[2 * (ReadBlockingRun.MAX_READS + 44)];
        for (int i = 0; i < empty.length; i += 2) {
            empty[i] = 0x02;
        }
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(concat(big, empty))));
        ReadBlockingRun first = ch.readInbound();
        assertEquals(16, first.size());   // 16 × 255 = 4,080 bytes; a 17th would pass 4,096
        assertEquals(16 * 255, first.total());
        ReadBlockingRun second = ch.readInbound();   // the 17th, and 0-byte reads up to the read bound
        assertEquals(ReadBlockingRun.MAX_READS, second.size());
        assertEquals(255, second.total());
        ReadBlockingRun third = ch.readInbound();
        assertEquals(45, third.size());
        assertEquals(0, third.total());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void theDefaultDecoderEmitsEveryBlockingReadOnItsOwn() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(concat(bytes(0x02, 32), bytes(0x02, 5)))));
        assertEquals(new ReadBlockingRequest(32), ch.readInbound());
        assertEquals(new ReadBlockingRequest(5), ch.readInbound());
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void reassemblesEveryCommandAtEverySplitPoint() {
        for (EgdRequest r : ALL) {
            byte[] frame = Frames.request(r);
            for (int split = 1; split < frame.length; split++) {
                EgdServerDecoder decoder = new EgdServerDecoder();
                EmbeddedChannel ch = new EmbeddedChannel(decoder);
                assertFalse(ch.writeInbound(buf(frame, 0, split)), r + " split at " + split);
                assertTrue(decoder.hasPartialFrame());
                assertTrue(ch.writeInbound(buf(frame, split, frame.length)));
                assertFalse(decoder.hasPartialFrame());
                assertEquals(r, ch.readInbound(), r + " split at " + split);
                assertFalse(ch.finish());
            }
        }
    }

    @Test
    void decodesPipelinedRequestsFedOneByteAtATimeInOrder() {
        byte[] stream = new byte[0];
        for (EgdRequest r : ALL) {
            stream = concat(stream, Frames.request(r));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        for (int i = 0; i < stream.length; i++) {
            ch.writeInbound(buf(stream, i, i + 1));
        }
        for (EgdRequest r : ALL) {
            assertEquals(r, ch.readInbound());
        }
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void decodesPipelinedRequestsFromOneBufferInOrder() {
        byte[] stream = new byte[0];
        for (EgdRequest r : ALL) {
            stream = concat(stream, Frames.request(r));
        }
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(stream)));
        for (EgdRequest r : ALL) {
            assertEquals(r, ch.readInbound());
        }
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void unknownCommandClosesWithoutAReply() {
        for (int b : new int[] {0x05, 0x7f, 0x80, 0xff}) {
            EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
            EgdProtocolException e = assertThrows(EgdProtocolException.class,
                    () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(b, 0x00))));
            assertTrue(e.getMessage().contains(String.format("0x%02x", b)), e.getMessage());
            assertNull(ch.readInbound());
            Frames.assertClosedWithoutReply(ch);
        }
    }

    @Test
    void requestsBeforeABadByteAreStillDelivered() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertThrows(EgdProtocolException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x00, 0x01, 0x10, 0x09))));
        assertEquals(BitsAvailableRequest.INSTANCE, ch.readInbound());
        assertEquals(new ReadNonBlockingRequest(0x10), ch.readInbound());
        assertNull(ch.readInbound());
        Frames.assertClosedWithoutReply(ch);
    }

    @Test
    void writeCreditingMoreThanEightBitsPerByteClosesOnTheHeader() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        // 9 bits for 1 byte: rejected before the payload arrives.
        EgdProtocolException e = assertThrows(EgdProtocolException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x03, 0x00, 0x09, 0x01))));
        assertTrue(e.getMessage().contains("9 bits for 1 bytes"), e.getMessage());
        assertNull(ch.readInbound());
        Frames.assertClosedWithoutReply(ch);
    }

    @Test
    void writeCreditingBitsForAnEmptyPayloadCloses() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertThrows(EgdProtocolException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x03, 0xff, 0xff, 0x00))));
        Frames.assertClosedWithoutReply(ch);
    }

    @Test
    void writeCreditingExactlyEightBitsPerByteIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertTrue(ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x03, 0x00, 0x10, 0x02, 0xaa, 0xbb))));
        assertEquals(new WriteEntropyRequest(16, bytes(0xaa, 0xbb)), ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void bytesAfterAProtocolErrorAreDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new EgdServerDecoder());
        assertThrows(EgdProtocolException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x42, 0x00, 0x04, 0x00))));
        assertNull(ch.readInbound());
        Frames.assertClosedWithoutReply(ch);
    }

    @Test
    void partialFrameAtCloseDecodesNothing() {
        EgdServerDecoder decoder = new EgdServerDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(bytes(0x03, 0x00, 0x08, 0x04, 0x01))));
        assertTrue(decoder.hasPartialFrame());
        assertFalse(ch.finish());
        assertNull(ch.readInbound());
    }
}
