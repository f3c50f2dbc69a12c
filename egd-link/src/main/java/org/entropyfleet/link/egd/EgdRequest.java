package org.entropyfleet.link.egd;

/**
 * One EGD request as a typed message. Sealed, so the list of requests is closed; but Java 17 has no
 * pattern switch, and the if/else chains over it (the server handler, the client encoder) are not
 * checked for completeness by the compiler: adding a request means visiting them by hand (the codec
 * tests round-trip every request).
 */
public sealed interface EgdRequest
        permits BitsAvailableRequest, ReadNonBlockingRequest, ReadBlockingRequest, WriteEntropyRequest,
        GetPidRequest {

    /** The command byte this request is sent with. */
    EgdCommand command();
}
