package org.entropyfleet.link.egd;

import io.netty.handler.codec.DecoderException;

/**
 * A peer sent bytes that are not valid EGD. The connection that produced it is closed: EGD has no
 * error reply, so answering anything after a bad frame would be a guess about where the next frame
 * starts. Extends {@link DecoderException} so Netty passes it through decoders unwrapped.
 */
public class EgdProtocolException extends DecoderException {
    private static final long serialVersionUID = 1L;

    public EgdProtocolException(String message) {
        super(message);
    }

    public EgdProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
