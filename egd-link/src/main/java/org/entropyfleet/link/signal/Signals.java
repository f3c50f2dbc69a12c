package org.entropyfleet.link.signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP handling through sun.misc.Signal (jdk.unsupported): the only portable hook the JDK has. Both
 * agents reload on SIGHUP (systemd's {@code ExecReload=/bin/kill -HUP $MAINPID}); without a handler the
 * JVM would exit with 129.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on a fresh daemon thread at every SIGHUP. */
    public static void onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                LOG.info("event=signal name=HUP action=reload");
                // off the signal thread so a slow reload cannot delay other signals
                Thread t = new Thread(action, "reload");
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("event=signal-unavailable name=HUP error=\"{}\"", e.getMessage());
        }
    }
}
