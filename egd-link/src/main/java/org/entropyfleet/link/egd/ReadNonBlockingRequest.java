package org.entropyfleet.link.egd;

/** 0x01 N: up to {@code count} bytes that are available now; the reply may be shorter. */
public record ReadNonBlockingRequest(int count) implements EgdRequest {
    public ReadNonBlockingRequest {
        Counts.checkCount("count", count, EgdLimits.MAX_COUNT);
    }

    @Override
    public EgdCommand command() {
        return EgdCommand.READ_NONBLOCKING;
    }
}
