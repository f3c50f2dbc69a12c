package org.entropyfleet.link.lifecycle;

import org.entropyfleet.link.tls.SslProviders;
import org.entropyfleet.link.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the two native libraries an agent needs whatever its config says — BoringSSL (netty-tcnative: the
 * library, then Netty's cipher tables and a JDK TLS context) and the epoll transport — on a daemon thread,
 * so the loading overlaps the main thread reading and validating the config (Jackson and SnakeYAML, the
 * longest step of a start). Measured on a quiet 2-core machine: config ~0.4 s, BoringSSL ~0.25 s, epoll
 * ~0.1 s, of ~1.4 s from exec to listening. Nothing is decided here: the main thread still asks
 * {@link SslProviders#preferred()} and {@link Transport}, and where a load is still under way it waits for
 * it (the JVM initialises each class once), so the outcome and its one logged warning are the same.
 */
public final class NativePreload {
    private static final Logger LOG = LoggerFactory.getLogger(NativePreload.class);

    private NativePreload() {
    }

    /** Starts the loading and returns at once; the thread ends when both libraries are loaded (or not). */
    public static Thread start() {
        Thread t = new Thread(NativePreload::load, "native-preload");
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void load() {
        try {
            SslProviders.preferred();
            Transport.isEpoll();
        } catch (RuntimeException | LinkageError e) {
            // the main thread meets the same failure where it needs the library, and reports it there
            LOG.debug("event=native-preload-failed error=\"{}\"", String.valueOf(e));
        }
    }
}
