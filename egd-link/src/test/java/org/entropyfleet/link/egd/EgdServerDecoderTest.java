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
