package org.entropyfleet.link.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.tls.SslProviders;
import org.entropyfleet.link.transport.Transport;
import org.junit.jupiter.api.Test;

class NativePreloadTest {
    @Test
    void loadsOnADaemonThreadAndDecidesNothing() throws InterruptedException {
        Thread t = NativePreload.start();
        assertTrue(t.isDaemon(), "must never keep a failed start's JVM alive");
        t.join(60_000);
        assertFalse(t.isAlive());
        assertEquals(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK, SslProviders.preferred());
        assertEquals(Epoll.isAvailable(), Transport.isEpoll());
    }
}
