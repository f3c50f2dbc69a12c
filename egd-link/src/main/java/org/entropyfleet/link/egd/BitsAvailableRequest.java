package org.entropyfleet.link.egd;

/** 0x00: ask how many bits of entropy the server holds. */
public record BitsAvailableRequest() implements EgdRequest {
    /** The request carries nothing, so one instance serves every connection. */
    public static final BitsAvailableRequest INSTANCE = new BitsAvailableRequest();

    @Override
    public EgdCommand command() {
        return EgdCommand.BITS_AVAILABLE;
    }
}
