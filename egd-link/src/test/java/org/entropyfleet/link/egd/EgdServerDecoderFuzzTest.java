package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds arbitrary bytes, split at arbitrary points, to the server decoder. In the normal build
 * Jazzer runs this in regression mode over the seeds in {@code EgdServerDecoderFuzzTestInputs};
 * with {@code JAZZER_FUZZ=1} it fuzzes. Invariants: the decoder either decodes requests whose
 * wire form is exactly a prefix of the input, or closes with an {@link EgdProtocolException} —
 * never another exception, never a reply, never a leaked buffer.
 */
class EgdServerDecoderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decodesOrClosesCleanly(FuzzedDataProvider data) {
        List<Integer> splits = new ArrayList<>();
        int nSplits = data.consumeInt(0, 8);
        for (int i = 0; i < nSplits; i++) {
            splits.add(data.consumeInt(1, 64));
        }
        byte[] input = data.consumeRemainingAsBytes();

        EgdServerDecoder decoder = new EgdServerDecoder();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        List<ByteBuf> fed = new ArrayList<>();
        boolean failed = false;
        int pos = 0;
        int split = 0;
        while (pos < input.length && !failed) {
            int len = splits.isEmpty() ? input.length : splits.get(split++ % splits.size());
            int end = Math.min(input.length, pos + len);
            ByteBuf b = Unpooled.copiedBuffer(input, pos, end - pos);
            fed.add(b);
            pos = end;
            try {
                ch.writeInbound(b);
            } catch (EgdProtocolException e) {
                failed = true;
            }
        }

        ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
        for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
            reencoded.writeBytes(Frames.request((EgdRequest) m));
        }
        byte[] decoded = reencoded.toByteArray();
        assertTrue(decoded.length <= input.length);
        byte[] prefix = new byte[decoded.length];
        System.arraycopy(input, 0, prefix, 0, prefix.length);
        assertArrayEquals(prefix, decoded);
        if (failed) {
            Frames.assertClosedWithoutReply(ch);
        } else {
            assertEquals(input.length - decoded.length > 0, decoder.hasPartialFrame());
            assertNull(ch.readOutbound());
        }
        ch.finishAndReleaseAll();
        for (ByteBuf b : fed) {
            assertEquals(0, b.refCnt());
        }
    }
}
