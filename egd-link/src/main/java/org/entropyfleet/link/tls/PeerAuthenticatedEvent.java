package org.entropyfleet.link.tls;

import java.util.Objects;

/**
 * User event fired down the pipeline once the TLS handshake succeeded and the peer passed the
 * allowlist; {@link PeerIdentity#ATTR} is already set when handlers see it. Handlers that must not
 * talk to an unauthenticated peer start their work on this event rather than on {@code channelActive}.
 */
public record PeerAuthenticatedEvent(PeerIdentity peer) {
    public PeerAuthenticatedEvent {
        Objects.requireNonNull(peer, "peer");
    }
}
