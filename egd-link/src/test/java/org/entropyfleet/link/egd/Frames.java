package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Hand-written wire bytes for tests, independent of the encoders under test. */
final class Frames {
    private Frames() {
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A request in wire format, written independently of {@link EgdClientEncoder}. */
    static byte[] request(EgdRequest r) {
        if (r instanceof ReadNonBlockingRequest n) {
            return bytes(0x01, n.count());
        } else if (r instanceof ReadBlockingRequest b) {
            return bytes(0x02, b.count());
        } else if (r instanceof WriteEntropyRequest w) {
            return concat(bytes(0x03, w.bits() >> 8, w.bits() & 0xFF, w.data().length), w.data());
        } else if (r instanceof GetPidRequest) {
            return bytes(0x04);
        }
        return bytes(0x00);
    }

    /** A reply in wire format, written independently of {@link EgdServerEncoder}. */
    static byte[] response(EgdResponse r) {
        if (r instanceof BitsAvailableResponse b) {
            long v = b.bits();
            return bytes((int) (v >>> 24), (int) (v >>> 16), (int) (v >>> 8), (int) v);
        } else if (r instanceof ReadNonBlockingResponse n) {
            return concat(bytes(n.data().length), n.data());
        } else if (r instanceof ReadBlockingResponse b) {
            return b.data().clone();
        }
        String pid = ((PidResponse) r).pid();
        return concat(bytes(pid.length()), pid.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** Drains every outbound ByteBuf of a channel into one array, releasing them. */
    static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            b.release();
            out.writeBytes(a);
        }
        return out.toByteArray();
    }

    static ByteBuf buf(byte[] b, int from, int to) {
        return Unpooled.copiedBuffer(b, from, to - from);
    }

    /** After a protocol error: closed, and nothing but the empty flush that precedes the close went out. */
    static void assertClosedWithoutReply(EmbeddedChannel ch) {
        org.junit.jupiter.api.Assertions.assertFalse(ch.isOpen());
        org.junit.jupiter.api.Assertions.assertEquals(0, Frames.drainOutbound(ch).length);
        org.junit.jupiter.api.Assertions.assertFalse(ch.finish());
    }
}
