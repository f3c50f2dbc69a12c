package org.entropyfleet.link.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shutting down both agents: one part failing to close must not keep the others open. */
public final class Closeables {
    private static final Logger LOG = LoggerFactory.getLogger(Closeables.class);

    private Closeables() {
    }

    /** Closes {@code c} (null is nothing to close); a failure is logged as {@code event=close-failed}, not thrown. */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("event=close-failed component={} reason=\"{}\"", c.getClass().getSimpleName(), e.toString());
        }
    }
}
