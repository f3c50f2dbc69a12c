package org.entropyfleet.link.egd;

import java.util.Arrays;

/**
 * Reply to 0x01: what the server had, possibly nothing. The array is owned by the message (not
 * copied, to keep entropy in one place); {@link #toString()} shows only its length.
 */
public record ReadNonBlockingResponse(byte[] data) implements EgdResponse {
    public ReadNonBlockingResponse {
        Counts.checkData("data", data, EgdLimits.MAX_COUNT);
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.READ_NONBLOCKING;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReadNonBlockingResponse r && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ReadNonBlockingResponse[length=" + data.length + "]";
    }
}
