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

    /**
     * Takes over SIGHUP now, before start-up, and returns the {@link Hangups} the running agent attaches
     * its reload to. Why before: the agent listens (and a Type=notify unit turns active) before start-up
     * returns, so a HUP right after start (a {@code systemctl reload}, a test that saw the listening
     * line) would otherwise find the JVM's default action and kill the agent.
     */
    public static Hangups catchHangups() {
        Hangups h = new Hangups();
        try {
            sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> h.signalled());
            if (before == sun.misc.SignalHandler.SIG_IGN) {
                // The JVM leaves a signal that was ignored when it started ignored (nohup), silently.
                LOG.warn("event=signal-unavailable name=HUP error=\"SIGHUP was ignored when the process started "
                        + "(nohup?): reload by restarting, or start it without ignoring SIGHUP\"");
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("event=signal-unavailable name=HUP error=\"{}\"", e.getMessage());
        }
        return h;
    }

    /** Where SIGHUPs go: held while the agent starts, then each runs the reload on a fresh daemon thread. */
    public static final class Hangups {
        private Runnable action;
        private boolean held;

        Hangups() {
        }

        /** Reloads with {@code action} from now on; a HUP that came during start-up is applied once now. */
        public void onHangup(Runnable action) {
            boolean missed;
            synchronized (this) {
                this.action = action;
                missed = held;
                held = false;
            }
            if (missed) {
                LOG.info("event=signal name=HUP action=reload detail=\"received during start-up\"");
                run(action);
            }
        }

        void signalled() {
            Runnable a;
            synchronized (this) {
                a = action;
                held = a == null;
            }
            if (a == null) {
                LOG.info("event=signal name=HUP action=held-until-started");
                return;
            }
            LOG.info("event=signal name=HUP action=reload");
            run(a);
        }

        private static void run(Runnable action) {
            // off the signal thread so a slow reload cannot delay other signals
            Thread t = new Thread(action, "reload");
            t.setDaemon(true);
            t.start();
        }
    }
}
