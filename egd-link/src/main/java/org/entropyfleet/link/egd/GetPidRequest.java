package org.entropyfleet.link.egd;

/** 0x04: ask for the server's pid (ekeyd answers "-1"; some clients log it). */
public record GetPidRequest() implements EgdRequest {
    /** The request carries nothing, so one instance serves every connection. */
    public static final GetPidRequest INSTANCE = new GetPidRequest();

    @Override
    public EgdCommand command() {
        return EgdCommand.GET_PID;
    }
}
