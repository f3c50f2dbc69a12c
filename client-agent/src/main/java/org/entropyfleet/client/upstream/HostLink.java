package org.entropyfleet.client.upstream;

import com.codahale.metrics.Counter;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.retry.Backoff;
import org.entropyfleet.link.retry.ReconnectBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured host and everything the agent knows about it: its address, where it stands
 * ({@link State}), its two backoff schedules, its last error, its bytes counter and the connection to it,
 * if any. Only the connector's event loop touches it, except {@link #lastError} (read for status).
 *
 * <p>States: {@code IDLE} (never tried, or released in good standing) → {@code CONNECTING} → {@code UP}
 * once the host answered; a transport failure from {@code CONNECTING} or {@code UP} → {@code DOWN}
 * (short backoff, capped at 1 s for 10 s after the host last served: most likely a restart), a
 * certificate refusal → {@code REFUSED} (long backoff, reset when our TLS files
 * are reloaded). {@code DOWN} and {@code REFUSED} may be tried again from {@link #retryAtNanos}.
 */
final class HostLink {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnector.class);

    enum State { IDLE, CONNECTING, UP, DOWN, REFUSED }

    final UpstreamHost host;
    final Counter bytesReceived;
    private State state = State.IDLE;
    private HostSession session;
    private int failures;
    /** Consecutive refusals; kept apart from {@link #failures} so transport errors never add to it. */
    private int refusals;
    private long retryAtNanos;
    /** When a connection on which the host had answered was lost; meaningful only while {@link #served}. */
    private long lastServedNanos;
    /** Whether the host served since we started and has not refused us since: its losses may be restarts. */
    private boolean served;
    private volatile String lastError;

    HostLink(UpstreamHost host, Counter bytesReceived) {
        this.host = host;
        this.bytesReceived = bytesReceived;
    }

    State state() {
        return state;
    }

    HostSession session() {
        return session;
    }

    /** Whether a new connection may be tried now. */
    boolean due(long now) {
        return session == null && retryAtNanos - now <= 0;
    }

    long retryAtNanos() {
        return retryAtNanos;
    }

    /** Null while the host is in good standing (up, or not failed since it last was). */
    String lastError() {
        return lastError;
    }

    void connecting(HostSession s) {
        session = s;
        state = State.CONNECTING;
    }

    /** The host answered on {@code session}: all counts start again. */
    void up() {
        state = State.UP;
        failures = 0;
        refusals = 0;
        retryAtNanos = 0;
        lastError = null;
    }

    /**
     * The connection ended by a transport failure: back off briefly, and only very briefly while the host
     * served moments ago (most likely restarting, see {@link ReconnectBackoff}).
     */
    void failed(String reason, ReconnectBackoff backoff, long now) {
        State was = state;
        boolean wasInGoodStanding = lastError == null;
        if (was == State.UP) {
            served = true;
            lastServedNanos = now;
        }
        session = null;
        failures++;
        retryAtNanos = now + backoff.delayNanos(failures, served ? now - lastServedNanos : ReconnectBackoff.NEVER_SERVED);
        lastError = reason;
        state = State.DOWN;
        if (was == State.UP) {
            LOG.warn("event=host-lost host={} reason=\"{}\"", host, reason);
        } else if (wasInGoodStanding) {
            LOG.warn("event=host-down host={} reason=\"{}\"", host, reason);
        } else {
            LOG.debug("event=host-retry-failed host={} failures={} reason=\"{}\"", host, failures, reason);
        }
    }

    /**
     * The host refused our certificate, or we refused its: retry on the refusal schedule. One line per
     * attempt, and attempts are one backoff step apart, so a refused agent logs a few lines an hour.
     */
    void refused(String cause, Backoff backoff, long now) {
        session = null;
        served = false;   // it answers and turns us away: not a restart, however recently it served
        refusals++;
        long delay = backoff.delayNanos(refusals);
        retryAtNanos = now + delay;
        lastError = cause;
        state = State.REFUSED;
        LOG.warn("event=host-refused host={} cause=\"{}\" refusals={} retry-in={}s", host, cause, refusals,
                TimeUnit.NANOSECONDS.toSeconds(delay));
    }

    /** Our TLS files changed: a refusal may not hold any more. @return whether there was one to forget */
    boolean forgetRefusals(long now) {
        if (refusals == 0) {
            return false;
        }
        refusals = 0;
        retryAtNanos = now;
        if (state == State.REFUSED) {
            state = State.IDLE;
        }
        return true;
    }

    /** Closes the connection without counting it against the host (superseded, unlisted, shutting down). */
    void release() {
        if (session != null) {
            session.retire();
            session = null;
        }
        if (state == State.CONNECTING || state == State.UP) {
            state = State.IDLE;
        }
    }

    /** "host (last error | connected | not tried)" for messages when nothing answered. */
    String describe() {
        String e = lastError;
        return host + " (" + (e != null ? e : state == State.UP ? "connected" : "not tried") + ")";
    }
}
