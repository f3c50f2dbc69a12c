package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link EgdResponse}s in EGD wire format, one buffer per reply: the plain reference. The server
 * handler writes the same bytes in fewer buffers through {@link ReplyBatch}; those pass this encoder as
 * the plain buffers they are.
 * Stateless, so one instance serves every connection: use {@link #INSTANCE}.
 */
@Sharable
public final class EgdServerEncoder extends MessageToByteEncoder<EgdResponse> {
    public static final EgdServerEncoder INSTANCE = new EgdServerEncoder();

    private EgdServerEncoder() {
        super(EgdResponse.class);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, EgdResponse msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(encodedLength(msg));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, EgdResponse msg, ByteBuf out) {
        encodeTo(msg, out);
    }

    /** Appends {@code msg} in wire format to {@code out}. */
    static void encodeTo(EgdResponse msg, ByteBuf out) {
        // Java 17 has no pattern switch, so the compiler does not check this chain covers every
        // permitted response; EgdServerEncoderTest writes each of them.
        if (msg instanceof BitsAvailableResponse r) {
            out.writeInt((int) r.bits());
        } else if (msg instanceof ReadNonBlockingResponse r) {
            out.writeByte(r.data().length).writeBytes(r.data());
        } else if (msg instanceof ReadBlockingResponse r) {
            out.writeBytes(r.data());
        } else if (msg instanceof PidResponse r) {
            out.writeByte(r.pid().length());
            out.writeCharSequence(r.pid(), StandardCharsets.US_ASCII);
        }
    }

    static int encodedLength(EgdResponse msg) {
        if (msg instanceof BitsAvailableResponse) {
            return 4;
        } else if (msg instanceof ReadNonBlockingResponse r) {
            return 1 + r.data().length;
        } else if (msg instanceof ReadBlockingResponse r) {
            return r.data().length;
        } else {
            return 1 + ((PidResponse) msg).pid().length();
        }
    }
}
