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
        return forLog(of(channel));
    }

    /**
     * The peer's name made safe for a one-line log event: a certificate's CN is chosen by whoever
     * requested it, and a newline or quote in it must not forge or break log lines.
     */
    static String forLog(PeerIdentity peer) {
        String name = peer.name();
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' || c == ' ' ? '_' : c);
        }
        return sb.toString();
    }
}
