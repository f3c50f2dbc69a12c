package org.entropyfleet.link.egd;

import io.netty.channel.Channel;
import java.net.SocketAddress;
import org.entropyfleet.link.tls.PeerIdentity;

/** Who a connection belongs to, for backends and log lines, whether or not TLS is in front. */
final class Peers {
    private Peers() {
    }

    /** The TLS-authenticated peer, or a local identity named after the remote address. */
    static PeerIdentity of(Channel channel) {
        PeerIdentity peer = channel.attr(PeerIdentity.ATTR).get();
        if (peer != null) {
            return peer;
        }
        SocketAddress remote = channel.remoteAddress();
        return PeerIdentity.local(remote == null ? "unknown" : remote.toString());
    }

    /** A short name for log lines. */
    static String name(Channel channel) {
        return of(channel).name();
    }
}
