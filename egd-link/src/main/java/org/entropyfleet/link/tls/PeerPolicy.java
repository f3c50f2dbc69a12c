package org.entropyfleet.link.tls;

import io.netty.channel.Channel;

import java.security.cert.X509Certificate;

/** What {@link PeerVerificationHandler} asks its context after a successful handshake. */
interface PeerPolicy {

    /** "server" or "client", for log lines. */
    String role();

    /**
     * Called after a successful handshake, before {@link #check}: starts tracking the channel so a
     * reload that races with this handshake still re-checks it.
     */
    void track(Channel channel);

    /**
     * Throws if the verified peer may not talk to us: not on the allowlist, or refused by trust
     * material that was reloaded while its handshake ran.
     */
    void check(PeerIdentity peer, X509Certificate[] chain) throws PeerRejectedException;

    TlsMetrics metrics();
}
