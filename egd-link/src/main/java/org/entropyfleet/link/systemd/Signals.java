package org.entropyfleet.link.systemd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP handling through sun.misc.Signal (jdk.unsupported): the only portable hook the JDK has.
 * Without a handler the JVM treats SIGHUP as a shutdown request, so `systemctl reload`
 * ({@code ExecReload=/bin/kill -HUP $MAINPID}) would stop an agent instead.
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Runs {@code action} on its own thread at each SIGHUP. */
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
