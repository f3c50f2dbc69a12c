package org.entropyfleet.link.egd;

/**
 * Reply to 0x04: the server's pid as printable ASCII, at most 255 characters (the length is one
 * byte on the wire). ekeyd answers "-1"; any printable string is accepted for interoperability.
 */
public record PidResponse(String pid) implements EgdResponse {
    public PidResponse {
        if (pid == null) {
            throw new IllegalArgumentException("pid must not be null");
        }
        Counts.checkCount("pid length", pid.length(), EgdLimits.MAX_PID_LENGTH);
        for (int i = 0; i < pid.length(); i++) {
            char c = pid.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("pid must be printable ASCII");
            }
        }
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.GET_PID;
    }
}
