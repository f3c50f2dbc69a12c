package org.entropyfleet.link.egd;

import java.util.Arrays;

/**
 * 0x03: contribute {@code data}, crediting {@code bits} of entropy. A credit above 8 bits per byte
 * is impossible and rejected, as the server decoder does on the wire.
 *
 * <p>The array is not copied: the message owns it from construction on, so entropy is not
 * duplicated in memory. {@link #toString()} never shows the bytes.
 */
public record WriteEntropyRequest(int bits, byte[] data) implements EgdRequest {
    public WriteEntropyRequest {
        Counts.checkData("data", data, EgdLimits.MAX_WRITE_LENGTH);
        if (bits < 0 || bits > 8 * data.length) {
            throw new IllegalArgumentException(
                    "bits must be 0.." + (8 * data.length) + " for " + data.length + " bytes, was " + bits);
        }
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.WRITE_ENTROPY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WriteEntropyRequest w && w.bits == bits && Arrays.equals(w.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * bits + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "WriteEntropyRequest[bits=" + bits + ", length=" + data.length + "]";
    }
}
