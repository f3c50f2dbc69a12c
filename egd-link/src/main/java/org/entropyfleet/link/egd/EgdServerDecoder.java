package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns the bytes a client sends into {@link EgdRequest}s, reassembling frames split across reads.
 * One instance per connection (it holds the partial frame).
 *
 * <p>Nothing is decoded speculatively: a frame is consumed only once all of it has arrived, so a
 * connection between requests holds no buffer at all (the cumulation is released once empty). A
 * connection mid-frame keeps its last read buffer until the frame completes or the partial-frame
 * timeout ({@link EgdConnectionTimeouts}) closes it. On a byte that is not EGD — an unknown command, or a
 * 0x03 that credits more bits than its payload could carry — the connection is closed and an
 * {@link EgdProtocolException} is raised for the next handler to log with the peer's name. EGD
 * has no error reply, and after a bad frame we no longer know where the next one starts, so the
 * only safe answer is none.
 */
public class EgdServerDecoder extends ByteToMessageDecoder {
    private static final int COUNT_FRAME = 2;
    private static final int WRITE_HEADER = 4;

    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable == 0) {
            return;
        }
        EgdCommand command;
        try {
            command = EgdCommand.valueOf(in.getByte(start));
        } catch (EgdProtocolException e) {
            throw fail(ctx, in, e);
        }
        switch (command) {
            case BITS_AVAILABLE -> {
                in.skipBytes(1);
                out.add(BitsAvailableRequest.INSTANCE);
            }
            case GET_PID -> {
                in.skipBytes(1);
                out.add(GetPidRequest.INSTANCE);
            }
            case READ_NONBLOCKING, READ_BLOCKING -> {
                if (readable < COUNT_FRAME) {
                    return;
                }
                int count = in.getUnsignedByte(start + 1);
                in.skipBytes(COUNT_FRAME);
                out.add(command == EgdCommand.READ_BLOCKING
                        ? new ReadBlockingRequest(count) : new ReadNonBlockingRequest(count));
            }
            case WRITE_ENTROPY -> {
                if (readable < WRITE_HEADER) {
                    return;
                }
                int bits = in.getUnsignedShort(start + 1);
                int length = in.getUnsignedByte(start + 3);
                // Checked on the header, before waiting for the payload: a liar is closed at once.
                if (bits > 8 * length) {
                    throw fail(ctx, in, new EgdProtocolException(
                            "0x03 credits " + bits + " bits for " + length + " bytes (more than 8 per byte)"));
                }
                if (readable < WRITE_HEADER + length) {
                    return;
                }
                in.skipBytes(WRITE_HEADER);
                byte[] data = new byte[length];
                in.readBytes(data);
                out.add(new WriteEntropyRequest(bits, data));
            }
        }
    }

    /**
     * Whether bytes of an incomplete frame are waiting. The partial-frame (slow-loris) timeout
     * runs exactly while this is true.
     */
    public boolean hasPartialFrame() {
        return !failed && actualReadableBytes() > 0;
    }

    private EgdProtocolException fail(ChannelHandlerContext ctx, ByteBuf in, EgdProtocolException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return e;
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
