package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/**
 * Writes {@link EgdRequest}s and remembers each one that expects a reply, so the paired
 * {@link EgdClientDecoder} can frame the answer. Not sharable: it holds the connection's FIFO.
 * Use {@link EgdClientCodec} to get a matched pair.
 *
 * <p>A 0x02 for zero bytes is refused: its reply is empty, so the decoder would never be woken
 * to deliver it.
 */
public class EgdClientEncoder extends MessageToByteEncoder<EgdRequest> {
    private final OutstandingRequests outstanding;

    EgdClientEncoder(OutstandingRequests outstanding) {
        super(EgdRequest.class);
        this.outstanding = Objects.requireNonNull(outstanding);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, EgdRequest msg, boolean preferDirect) {
        int length = msg instanceof WriteEntropyRequest w ? 4 + w.data().length
                : msg.command() == EgdCommand.READ_BLOCKING || msg.command() == EgdCommand.READ_NONBLOCKING ? 2 : 1;
        return ctx.alloc().ioBuffer(length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, EgdRequest msg, ByteBuf out) {
        if (msg instanceof ReadBlockingRequest r && r.count() == 0) {
            throw new IllegalArgumentException("a 0x02 request for 0 bytes has no reply to wait for");
        }
        if (msg.command().hasReply()) {
            outstanding.add(msg);
        }
        out.writeByte(msg.command().byteValue());
        if (msg instanceof ReadNonBlockingRequest r) {
            out.writeByte(r.count());
        } else if (msg instanceof ReadBlockingRequest r) {
            out.writeByte(r.count());
        } else if (msg instanceof WriteEntropyRequest w) {
            out.writeShort(w.bits()).writeByte(w.data().length).writeBytes(w.data());
        }
    }
}
