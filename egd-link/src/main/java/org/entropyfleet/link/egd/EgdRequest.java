package org.entropyfleet.link.egd;

/**
 * One EGD request as a typed message. Sealed so the server handler's and encoder's switches are
 * checked for completeness by the compiler.
 */
public sealed interface EgdRequest
        permits BitsAvailableRequest, ReadNonBlockingRequest, ReadBlockingRequest, WriteEntropyRequest,
        GetPidRequest {

    /** The command byte this request is sent with. */
    EgdCommand command();
}
