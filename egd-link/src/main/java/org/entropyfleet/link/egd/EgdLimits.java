package org.entropyfleet.link.egd;

/**
 * Every size the EGD codec and server accept, in one place, so a reviewer can see what a peer can
 * make us buffer. The wire format itself caps counts and lengths at one byte.
 */
public final class EgdLimits {
    /** Largest byte count in a 0x01/0x02 request (the count is one byte on the wire). */
    public static final int MAX_COUNT = 255;
    /** Largest payload of a 0x03 write (its length is one byte on the wire). */
    public static final int MAX_WRITE_LENGTH = 255;
    /** Largest credit a 0x03 write may claim: 8 bits per byte of its largest payload. */
    public static final int MAX_WRITE_BITS = 8 * MAX_WRITE_LENGTH;
    /** Largest pid string in a 0x04 reply (its length is one byte on the wire). */
    public static final int MAX_PID_LENGTH = 255;
    /** Largest value of the U32 in a 0x00 reply. */
    public static final long MAX_BITS_AVAILABLE = 0xFFFF_FFFFL;
    /** Longest request frame: command, U16 bits, U8 length, then the payload. */
    public static final int MAX_REQUEST_FRAME = 1 + 2 + 1 + MAX_WRITE_LENGTH;
    /**
     * Requests a server keeps queued behind the one it is answering. The server stops reading at
     * {@link #PAUSE_READING_AT}, but one socket read may already hold many small frames; a client
     * that pipelines more than this in one burst is closed rather than letting it grow our memory.
     */
    public static final int MAX_QUEUED_REQUESTS = 1024;
    /** Queued requests at which the server stops reading from the socket until it catches up. */
    public static final int PAUSE_READING_AT = 16;
    /** Queued requests at or below which a paused server reads from the socket again. */
    public static final int RESUME_READING_AT = 4;
    /** Requests a client may have sent and not yet had answered; bounds the reply-framing FIFO. */
    public static final int MAX_OUTSTANDING_REQUESTS = 256;

    private EgdLimits() {
    }
}
