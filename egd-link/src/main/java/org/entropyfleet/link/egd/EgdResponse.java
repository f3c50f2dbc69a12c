package org.entropyfleet.link.egd;

/**
 * One EGD reply as a typed message. 0x03 has no reply, hence no type here.
 */
public sealed interface EgdResponse
        permits BitsAvailableResponse, ReadNonBlockingResponse, ReadBlockingResponse, PidResponse {

    /** The command this is the reply to. */
    EgdCommand command();
}
