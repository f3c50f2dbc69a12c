package org.entropyfleet.link.egd;

/**
 * A backend declines a 0x03 contribution (peer not allowed to write, or the data failed a check).
 * EGD has no way to say "no", so the server closes the connection and logs this message as the
 * reason: the message must name why, never include the bytes.
 */
public class EgdRefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    public EgdRefusedException(String reason) {
        super(reason);
    }
}
