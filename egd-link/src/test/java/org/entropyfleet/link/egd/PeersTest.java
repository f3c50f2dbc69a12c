package org.entropyfleet.link.egd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.entropyfleet.link.tls.PeerIdentity;
import org.junit.jupiter.api.Test;

class PeersTest {

    @Test
    void logNamesCannotForgeLines() {
        PeerIdentity evil = new PeerIdentity("a\nevent=forged \"x\"", List.of(), List.of(), "01");
        assertEquals("a_event=forged__x_", Peers.forLog(evil));
    }

    @Test
    void authenticatedPeerWinsOverTheAddress() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertTrue(Peers.of(ch).isLocal());
        PeerIdentity p = new PeerIdentity("client-1", List.of(), List.of(), "0a");
        ch.attr(PeerIdentity.ATTR).set(p);
        assertEquals(p, Peers.of(ch));
        assertEquals("client-1", Peers.name(ch));
        ch.finishAndReleaseAll();
    }
}
