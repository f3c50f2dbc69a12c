package org.entropyfleet.link.egd;

/** 0x02 N: exactly {@code count} bytes; the server answers when it has them. */
public record ReadBlockingRequest(int count) implements EgdRequest {
    public ReadBlockingRequest {
        Counts.checkCount("count", count, EgdLimits.MAX_COUNT);
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.READ_BLOCKING;
    }
}
