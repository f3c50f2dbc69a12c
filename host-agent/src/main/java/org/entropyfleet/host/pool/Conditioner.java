package org.entropyfleet.host.pool;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * SHA-512 conditioning (SP 800-90B §3.1.5.1.1, a vetted function). Each 64-byte output block hashes
 * fresh raw input that carries at least 512 + 64 bits of assessed min-entropy, i.e. ⌈576 / H⌉ raw
 * bytes, so every output bit can be counted as a full bit of entropy. Not thread-safe: one per source.
 */
public final class Conditioner {
    public static final int OUTPUT_BYTES = 64;
    /** Output bits plus the 64-bit margin the standard asks for to claim full entropy. */
    public static final int INPUT_ENTROPY_BITS = OUTPUT_BYTES * 8 + 64;

    private final MessageDigest sha512;
    private final int rawPerBlock;
    private final double minEntropy;
    private final Consumer<byte[]> out;
    private final byte[] pending;
    private int filled;
    private final Counter rawIn;
    private final Counter creditedBits;
    private final Counter conditionedOut;

    /**
     * @param out receives each 64-byte output block; it owns the array (which holds entropy: wipe it when done)
     */
    public Conditioner(String source, double minEntropy, Consumer<byte[]> out, MetricRegistry metrics) {
        this.minEntropy = minEntropy;
        this.rawPerBlock = rawBytesPerBlock(minEntropy);
        this.out = out;
        this.pending = new byte[rawPerBlock];
        try {
            this.sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is required by every Java platform", e);
        }
        String base = MetricRegistry.name("host.source", source);
        rawIn = metrics.counter(MetricRegistry.name(base, "raw-bytes"));
        creditedBits = metrics.counter(MetricRegistry.name(base, "min-entropy-bits"));
        conditionedOut = metrics.counter(MetricRegistry.name(base, "conditioned-bytes"));
    }

    /** Raw bytes one output block consumes at min-entropy {@code h} bits per byte. */
    public static int rawBytesPerBlock(double h) {
        if (!(h > 0 && h <= 8)) {
            throw new IllegalArgumentException("min-entropy must be in (0, 8], got " + h);
        }
        return (int) Math.ceil(INPUT_ENTROPY_BITS / h - 1e-9);
    }

    public int rawPerBlock() {
        return rawPerBlock;
    }

    /** Feeds raw (already health-tested) bytes; emits an output block whenever enough input has gathered. */
    public void accept(byte[] raw, int off, int len) {
        rawIn.inc(len);
        int i = off;
        int end = off + len;
        while (i < end) {
            int n = Math.min(end - i, rawPerBlock - filled);
            System.arraycopy(raw, i, pending, filled, n);
            filled += n;
            i += n;
            if (filled == rawPerBlock) {
                byte[] block = sha512.digest(pending);
                Arrays.fill(pending, (byte) 0);
                filled = 0;
                creditedBits.inc((long) Math.floor(rawPerBlock * minEntropy));
                conditionedOut.inc(OUTPUT_BYTES);
                out.accept(block);
            }
        }
    }
}
