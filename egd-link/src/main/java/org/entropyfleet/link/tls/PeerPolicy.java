package org.entropyfleet.link.tls;

import io.netty.channel.Channel;

/** What {@link PeerVerificationHandler} asks its context after a successful handshake. */
interface PeerPolicy {

    /** "server" or "client", for log lines. */
    String role();

    /** True if the verified peer may talk to us (allowlist). */
    boolean allowed(PeerIdentity peer);

    /** Called once the peer is accepted, before {@link PeerAuthenticatedEvent} fires. */
    void accepted(Channel channel);

    TlsMetrics metrics();
}
