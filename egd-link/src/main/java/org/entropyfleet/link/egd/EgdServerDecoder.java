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

    /** Emit back-to-back 0x02 frames as one {@link ReadBlockingRun} (only for handlers that know it). */
    private final boolean runs;
    private boolean failed;

    /** One message per request: for pipelines of one's own (tests, a handler that knows only requests). */
    public EgdServerDecoder() {
        this(false);
    }

    /** With {@code runs}, back-to-back whole 0x02 frames of one read arrive as one {@link ReadBlockingRun}. */
    EgdServerDecoder(boolean runs) {
        this.runs = runs;
    }

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
                if (command == EgdCommand.READ_BLOCKING && runs) {
                    out.add(readBlocking(in, count));
                } else {
                    out.add(command == EgdCommand.READ_BLOCKING
                            ? new ReadBlockingRequest(count) : new ReadNonBlockingRequest(count));
                }
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

    /** The 0x02 just read, with the whole 0x02 frames right behind it in this read if there are any. */
    private Object readBlocking(ByteBuf in, int first) {
        // First pass: how many frames join the run (bounded in reads and bytes); second: their counts.
        int n = 1;
        int total = first;
        int at = in.readerIndex();
        while (n < ReadBlockingRun.MAX_READS && in.writerIndex() - at >= COUNT_FRAME
                && in.getByte(at) == EgdCommand.READ_BLOCKING.byteValue()
                && total + in.getUnsignedByte(at + 1) <= ReadBlockingRun.MAX_BYTES) {
            total += in.getUnsignedByte(at + 1);
            at += COUNT_FRAME;
            n++;
        }
        if (n == 1) {
            return new ReadBlockingRequest(first);
        }
        int[] counts = new int[n];
        counts[0] = first;
        for (int i = 1; i < n; i++) {
            counts[i] = in.getUnsignedByte(in.readerIndex() + (i - 1) * COUNT_FRAME + 1);
        }
        in.readerIndex(at);
        return new ReadBlockingRun(counts);
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
