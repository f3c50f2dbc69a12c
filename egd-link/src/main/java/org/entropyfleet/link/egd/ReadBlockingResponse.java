package org.entropyfleet.link.egd;

import java.util.Arrays;

/**
 * Reply to 0x02: exactly the requested number of bytes, sent without a length prefix, so the
 * client frames it from the request it remembers. The array is owned by the message (not copied);
 * {@link #toString()} shows only its length.
 */
public record ReadBlockingResponse(byte[] data) implements EgdResponse {
    public ReadBlockingResponse {
        Counts.checkData("data", data, EgdLimits.MAX_COUNT);
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.READ_BLOCKING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadBlockingResponse r && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ReadBlockingResponse[length=" + data.length + "]";
    }
}
