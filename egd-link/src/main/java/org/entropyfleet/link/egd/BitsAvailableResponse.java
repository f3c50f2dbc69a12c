package org.entropyfleet.link.egd;

/**
 * Reply to 0x00. The wire carries a U32, so values are clamped to 0..2^32-1 here rather than
 * wrapping: a pool larger than the wire can say should read as "full", never as "nearly empty".
 */
public record BitsAvailableResponse(long bits) implements EgdResponse {
    public BitsAvailableResponse {
        bits = Math.max(0L, Math.min(bits, EgdLimits.MAX_BITS_AVAILABLE));
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.BITS_AVAILABLE;
    }
}
