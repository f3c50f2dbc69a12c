package org.entropyfleet.link.egd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Several consecutive replies already in wire format, written by {@link EgdServerHandler} as one
 * buffer per read batch instead of one encoded buffer (and one TLS queue entry) per reply.
 * {@link #count()} lets {@link EgdConnectionTimeouts} account for each reply; {@link EgdServerEncoder}
 * passes the bytes on unchanged. Holds entropy bytes: never logged (toString names only sizes).
 */
final class EncodedReplies extends DefaultByteBufHolder {
    private final int count;

    EncodedReplies(ByteBuf bytes, int count) {
        super(bytes);
        this.count = count;
    }

    int count() {
        return count;
    }

    @Override
    public String toString() {
        return "EncodedReplies[count=" + count + ", bytes=" + content().readableBytes() + "]";
    }
}
