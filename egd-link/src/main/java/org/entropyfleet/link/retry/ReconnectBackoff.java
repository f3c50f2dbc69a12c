package org.entropyfleet.link.retry;

import java.time.Duration;

/**
 * A client's backoff for transport failures towards a host, aware of host restarts. A host that served
 * until moments ago and now refuses connections is most likely restarting (a package upgrade, a systemd
 * restart) and listens again within seconds, while the plain exponential schedule would by then wait 2–8 s
 * between attempts and so set the time a fleet needs to come back. So while less than {@code window} has
 * passed since the host last served, waits are capped at {@code windowCap} (jittered as the plain schedule
 * is, so a fleet still does not reconnect in step). After the window the plain schedule resumes where it
 * would stand had it run all along: at the step whose full waits fit into the time since the host last
 * served, never further on than the failure count. Either way a wait is never longer than the plain
 * schedule's for the same number of failures; a host that has not served since we started is retried on the
 * plain schedule ({@link #NEVER_SERVED}).
 */
public final class ReconnectBackoff {
    /** "Time since the host last served" for a host not seen serving (or that refused us since). */
    public static final long NEVER_SERVED = Long.MAX_VALUE;

    private final Backoff plain;
    private final long windowNanos;
    private final long windowCapNanos;

    public ReconnectBackoff(Backoff plain, Duration window, Duration windowCap) {
        if (window.isNegative() || windowCap.isNegative() || windowCap.isZero()) {
            throw new IllegalArgumentException("restart window must be ≥ 0 and its cap > 0");
        }
        this.plain = plain;
        this.windowNanos = window.toNanos();
        this.windowCapNanos = windowCap.toNanos();
    }

    /**
     * Delay before the next attempt after {@code failures} consecutive failures (≥ 1), the host having last
     * served {@code sinceServedNanos} ago ({@link #NEVER_SERVED} if it has not).
     */
    public long delayNanos(int failures, long sinceServedNanos) {
        if (sinceServedNanos < windowNanos) {
            return plain.delayNanos(failures, windowCapNanos);
        }
        long step = Math.min(failures, 1 + plain.failuresWithin(sinceServedNanos));
        return plain.delayNanos((int) step);
    }
}
