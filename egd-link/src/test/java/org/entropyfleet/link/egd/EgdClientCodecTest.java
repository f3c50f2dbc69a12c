package org.entropyfleet.link.egd;

import static org.entropyfleet.link.egd.Frames.buf;
import static org.entropyfleet.link.egd.Frames.bytes;
import static org.entropyfleet.link.egd.Frames.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgdClientCodecTest {

    /** Request/reply pairs covering every command that has a reply. */
    static final List<EgdRequest> REQUESTS = List.of(
            BitsAvailableRequest.INSTANCE,
            new ReadNonBlockingRequest(16),
            new ReadNonBlockingRequest(16),
            new ReadNonBlockingRequest(0),
            new ReadBlockingRequest(1),
            new ReadBlockingRequest(255),
            GetPidRequest.INSTANCE);
    static final List<EgdResponse> REPLIES = List.of(
            new BitsAvailableResponse(0xFFFF_FFFFL),
            new ReadNonBlockingResponse(Frames.pattern(16, 1)),
            new ReadNonBlockingResponse(new byte[0]),
            new ReadNonBlockingResponse(new byte[0]),
            new ReadBlockingResponse(Frames.pattern(1, 2)),
            new ReadBlockingResponse(Frames.pattern(255, 3)),
            new PidResponse("4242"));

    @Test
    void requestsRoundTripThroughClientEncoderAndServerDecoder() {
        for (EgdRequest r : EgdServerDecoderTest.ALL) {
            EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
            EmbeddedChannel server = new EmbeddedChannel(new EgdServerDecoder());
            assertTrue(client.writeOutbound(r));
            byte[] wire = Frames.drainOutbound(client);
            assertArrayEquals(Frames.request(r), wire, r.toString());
            server.writeInbound(Unpooled.wrappedBuffer(wire));
            assertEquals(r, server.readInbound());
            assertFalse(client.finish());
            assertFalse(server.finish());
        }
    }

    @Test
    void pipelinedRepliesRoundTripThroughServerEncoderAndClientDecoderOneByteAtATime() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        EmbeddedChannel server = new EmbeddedChannel(EgdServerEncoder.INSTANCE);
        for (EgdRequest r : REQUESTS) {
            client.writeOutbound(r);
        }
        // 0x03 in the middle gets no reply and must not disturb the framing.
        client.writeOutbound(new WriteEntropyRequest(8, bytes(1)));
        Frames.drainOutbound(client);
        for (EgdResponse r : REPLIES) {
            server.writeOutbound(r);
        }
        byte[] wire = Frames.drainOutbound(server);
        for (int i = 0; i < wire.length; i++) {
            client.writeInbound(buf(wire, i, i + 1));
        }
        for (EgdResponse r : REPLIES) {
            assertEquals(r, client.readInbound());
        }
        assertNull(client.readInbound());
        assertFalse(client.finish());
        assertFalse(server.finish());
    }

    @Test
    void eachReplyIsFramedAtEverySplitPoint() {
        for (int i = 0; i < REQUESTS.size(); i++) {
            byte[] wire = Frames.response(REPLIES.get(i));
            for (int split = 1; split < wire.length; split++) {
                EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
                client.writeOutbound(REQUESTS.get(i));
                Frames.drainOutbound(client);
                assertFalse(client.writeInbound(buf(wire, 0, split)));
                assertTrue(client.writeInbound(buf(wire, split, wire.length)));
                assertEquals(REPLIES.get(i), client.readInbound());
                assertFalse(client.finish());
            }
        }
    }

    @Test
    void unsolicitedBytesClose() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        assertThrows(EgdProtocolException.class, () -> client.writeInbound(Unpooled.wrappedBuffer(bytes(0))));
        Frames.assertClosedWithoutReply(client);
    }

    @Test
    void bytesBeyondTheLastOutstandingReplyClose() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        client.writeOutbound(new ReadBlockingRequest(2));
        Frames.drainOutbound(client);
        assertThrows(EgdProtocolException.class,
                () -> client.writeInbound(Unpooled.wrappedBuffer(bytes(7, 8, 9))));
        assertEquals(new ReadBlockingResponse(bytes(7, 8)), client.readInbound());
        Frames.assertClosedWithoutReply(client);
    }

    @Test
    void nonBlockingReplyLongerThanAskedCloses() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        client.writeOutbound(new ReadNonBlockingRequest(4));
        Frames.drainOutbound(client);
        EgdProtocolException e = assertThrows(EgdProtocolException.class,
                () -> client.writeInbound(Unpooled.wrappedBuffer(bytes(5))));
        assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
        Frames.assertClosedWithoutReply(client);
    }

    @Test
    void nonAsciiPidCloses() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        client.writeOutbound(GetPidRequest.INSTANCE);
        Frames.drainOutbound(client);
        assertThrows(EgdProtocolException.class,
                () -> client.writeInbound(Unpooled.wrappedBuffer(bytes(1, 0x07))));
        Frames.assertClosedWithoutReply(client);
    }

    @Test
    void outstandingRequestsAreBounded() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec(2));
        client.writeOutbound(BitsAvailableRequest.INSTANCE);
        client.writeOutbound(BitsAvailableRequest.INSTANCE);
        // Writes that expect no reply do not count.
        client.writeOutbound(new WriteEntropyRequest(0, new byte[0]));
        ChannelFuture third = client.writeOneOutbound(BitsAvailableRequest.INSTANCE);
        client.flushOutbound();
        assertFalse(third.isSuccess());
        assertInstanceOf(IllegalStateException.class, third.cause().getCause());
        assertEquals(6, Frames.drainOutbound(client).length);
        assertFalse(client.finish());
    }

    @Test
    void zeroLengthBlockingReadIsRefused() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        ChannelFuture f = client.writeOneOutbound(new ReadBlockingRequest(0));
        client.flushOutbound();
        assertFalse(f.isSuccess());
        assertNull(client.readOutbound());
        assertFalse(client.finish());
    }

    @Test
    void everyInboundBufferIsReleased() {
        EmbeddedChannel client = new EmbeddedChannel(new EgdClientCodec());
        client.writeOutbound(new ReadBlockingRequest(3));
        Frames.drainOutbound(client);
        List<ByteBuf> fed = new ArrayList<>();
        byte[] wire = concat(bytes(1), bytes(2, 3));
        for (int i = 0; i < wire.length; i++) {
            ByteBuf b = buf(wire, i, i + 1);
            fed.add(b);
            client.writeInbound(b);
        }
        assertEquals(new ReadBlockingResponse(bytes(1, 2, 3)), client.readInbound());
        for (ByteBuf b : fed) {
            assertEquals(0, b.refCnt());
        }
        assertFalse(client.finish());
    }
}
