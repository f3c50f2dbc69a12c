<<<<<<<< HEAD:egd-link/src/main/java/org/entropyfleet/link/signal/Signals.java
package org.entropyfleet.link.signal;
========
package org.entropyfleet.link.systemd;
>>>>>>>> debian-host:egd-link/src/main/java/org/entropyfleet/link/systemd/Signals.java

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
<<<<<<<< HEAD:egd-link/src/main/java/org/entropyfleet/link/signal/Signals.java
 * SIGHUP handling through sun.misc.Signal (jdk.unsupported): the only portable hook the JDK has. Both
 * agents reload on SIGHUP (systemd's {@code ExecReload=/bin/kill -HUP $MAINPID}); without a handler the
 * JVM would exit with 129.
========
 * SIGHUP handling through sun.misc.Signal (jdk.unsupported): the only portable hook the JDK has.
 * Without a handler the JVM treats SIGHUP as a shutdown request, so `systemctl reload`
 * ({@code ExecReload=/bin/kill -HUP $MAINPID}) would stop an agent instead.
>>>>>>>> debian-host:egd-link/src/main/java/org/entropyfleet/link/systemd/Signals.java
 */
public final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

<<<<<<<< HEAD:egd-link/src/main/java/org/entropyfleet/link/signal/Signals.java
    /** Runs {@code action} on a fresh daemon thread at every SIGHUP. */
========
    /** Runs {@code action} on its own thread at each SIGHUP. */
>>>>>>>> debian-host:egd-link/src/main/java/org/entropyfleet/link/systemd/Signals.java
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
