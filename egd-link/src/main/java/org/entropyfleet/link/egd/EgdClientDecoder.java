package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Frames the server's replies using the FIFO of requests the paired {@link EgdClientEncoder} sent:
 * EGD replies carry no command byte, and a 0x02 reply no length. Bytes that arrive when no request
 * is outstanding, or a 0x01 reply longer than asked for, mean the two sides disagree about the
 * stream; the connection is closed and an {@link EgdProtocolException} raised.
 */
public class EgdClientDecoder extends ByteToMessageDecoder {
    private final OutstandingRequests outstanding;
    private boolean failed;

    EgdClientDecoder(OutstandingRequests outstanding) {
        this.outstanding = Objects.requireNonNull(outstanding);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (!in.isReadable()) {
            return;
        }
        EgdRequest head = outstanding.peek();
        if (head == null) {
            throw fail(ctx, in, "server sent " + in.readableBytes() + " bytes with no request outstanding");
        }
        EgdResponse response = decodeReply(ctx, head, in);
        if (response != null) {
            outstanding.remove();
            out.add(response);
        }
    }

    private EgdResponse decodeReply(ChannelHandlerContext ctx, EgdRequest head, ByteBuf in) {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (head instanceof BitsAvailableRequest) {
            return readable < 4 ? null : new BitsAvailableResponse(in.readUnsignedInt());
        } else if (head instanceof ReadBlockingRequest r) {
            if (readable < r.count()) {
                return null;
            }
            byte[] data = new byte[r.count()];
            in.readBytes(data);
            return new ReadBlockingResponse(data);
        } else if (head instanceof ReadNonBlockingRequest r) {
            int length = in.getUnsignedByte(start);
            if (length > r.count()) {
                throw fail(ctx, in, "0x01 reply of " + length + " bytes to a request for " + r.count());
            }
            if (readable < 1 + length) {
                return null;
            }
            in.skipBytes(1);
            byte[] data = new byte[length];
            in.readBytes(data);
            return new ReadNonBlockingResponse(data);
        } else {
            int length = in.getUnsignedByte(start);
            if (readable < 1 + length) {
                return null;
            }
            String pid = in.toString(start + 1, length, StandardCharsets.US_ASCII);
            in.skipBytes(1 + length);
            try {
                return new PidResponse(pid);
            } catch (IllegalArgumentException e) {
                throw fail(ctx, in, "0x04 reply is not printable ASCII");
            }
        }
    }

    /** Requests sent and not yet answered. */
    public int outstandingRequests() {
        return outstanding.size();
    }

    private EgdProtocolException fail(ChannelHandlerContext ctx, ByteBuf in, String reason) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return new EgdProtocolException(reason);
    }

    /**
     * Passes the error on (the next handler logs it with the peer's name), then closes once every
     * reply already written for earlier, valid requests has been flushed.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.fireExceptionCaught(cause);
        if (cause instanceof EgdProtocolException && ctx.channel().isOpen()) {
            ctx.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
