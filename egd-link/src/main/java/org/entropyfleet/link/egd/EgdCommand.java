package org.entropyfleet.link.egd;

/**
 * The EGD command byte. The protocol has no error reply, so an unknown byte cannot be answered
 * and {@link #valueOf(byte)} throws; callers close the connection.
 */
public enum EgdCommand {
    /** 0x00: how many bits of entropy are available (U32 reply). */
    BITS_AVAILABLE(0x00),
    /** 0x01 N: up to N bytes now, length-prefixed reply; never blocks. */
    READ_NONBLOCKING(0x01),
    /** 0x02 N: exactly N bytes, no prefix; waits until available. */
    READ_BLOCKING(0x02),
    /** 0x03 bits len data: contribute entropy; no reply. */
    WRITE_ENTROPY(0x03),
    /** 0x04: the server's pid, length-prefixed ASCII. */
    GET_PID(0x04);

    private static final EgdCommand[] BY_BYTE = values();

    private final byte byteValue;

    EgdCommand(int byteValue) {
        this.byteValue = (byte) byteValue;
    }

    /** The command's byte on the wire. */
    public byte byteValue() {
        return byteValue;
    }

    /**
     * The command for a wire byte.
     *
     * @throws EgdProtocolException if the byte names no EGD command
     */
    public static EgdCommand valueOf(byte b) {
        int i = b & 0xFF;
        if (i < BY_BYTE.length) {
            return BY_BYTE[i];
        }
        throw new EgdProtocolException(String.format("unknown EGD command byte 0x%02x", i));
    }

    /** Whether the server sends anything back for this command (0x03 is fire-and-forget). */
    public boolean hasReply() {
        return this != WRITE_ENTROPY;
    }
}
