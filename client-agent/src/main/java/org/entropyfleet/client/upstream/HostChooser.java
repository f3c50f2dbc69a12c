package org.entropyfleet.client.upstream;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.link.retry.Backoff;
import org.entropyfleet.link.retry.ReconnectBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop side of {@link HostConnector}: which host serves ({@code current}), which is being
 * probed for failback ({@code probe}), and what happens when a session reports. Per-host standing is
 * each {@link HostLink}'s; this class only chooses. Everything runs on one event loop: no locks.
 */
final class HostChooser implements HostSession.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnector.class);

    private final EventLoop loop;
    private final HostDialer dialer;
    private final UpstreamHosts hosts;
    private final Demands demands = new Demands(HostConnector.MAX_PENDING_DEMANDS);
    private final ReconnectBackoff backoff = new ReconnectBackoff(
            Backoff.jittered(UpstreamSettings.BACKOFF_INITIAL, UpstreamSettings.BACKOFF_MAX),
            UpstreamSettings.RESTART_WINDOW, UpstreamSettings.RESTART_BACKOFF_MAX);
    private final Counter slowRequests;
    private final Counter refused;
    private UpstreamSettings settings;
    private Backoff refusedBackoff;
    private HostLink current;   // serving fetches, or null
    private HostLink probe;     // the preferred host, probed while a fallback serves, or null
    private boolean closed;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> retry;

    HostChooser(UpstreamSettings settings, EventLoop loop, HostDialer dialer, UpstreamHosts hosts, MetricRegistry metrics) {
        this.settings = settings;
        this.loop = loop;
        this.dialer = dialer;
        this.hosts = hosts;
        this.refusedBackoff = Backoff.jittered(UpstreamSettings.REFUSED_BACKOFF_INITIAL, settings.refusedBackoffMax());
        this.slowRequests = metrics.counter("upstream.slow-requests");
        this.refused = metrics.counter("upstream.refusals");
    }

    void start() {
        scheduleTicker();
        connectBest();
    }

    private void scheduleTicker() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        // an idle agent wakes only this often; slow hosts are still caught within ~10 % of request-timeout
        long tick = Math.max(HostConnector.MIN_TICK_MILLIS,
                Math.min(HostConnector.MAX_TICK_MILLIS, settings.requestTimeout().toMillis() / 10));
        ticker = loop.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void fetch(int bytes, CompletableFuture<byte[]> f) {
        if (closed) {
            f.completeExceptionally(new IllegalStateException("connector closed"));
        } else if (!demands.add(bytes, f)) {
            f.completeExceptionally(new IllegalStateException(
                    HostConnector.MAX_PENDING_DEMANDS + " fetches already waiting for hosts: " + hosts.describe()));
        } else {
            pump();
        }
    }

    void apply(UpstreamSettings next) {
        if (closed) {
            return;
        }
        HostLink oldPreferred = hosts.preferred();
        hosts.replace(next.hosts());
        if (probe != null) {
            probe.release();
            probe = null;
        }
        if (current != null && !hosts.lists(current)) {
            LOG.info("event=host-unlisted host={} action=reconnect", current.host);
            current.release();
            current = null;
            hosts.noneServing();
        } else if (current != null && current != hosts.preferred() && oldPreferred != hosts.preferred()) {
            hosts.probePreferredSoon(next.failbackAfter().toNanos());
        }
        boolean newTick = !settings.requestTimeout().equals(next.requestTimeout());
        if (!settings.refusedBackoffMax().equals(next.refusedBackoffMax())) {
            refusedBackoff = Backoff.jittered(UpstreamSettings.REFUSED_BACKOFF_INITIAL, next.refusedBackoffMax());
        }
        settings = next;
        if (newTick) {
            scheduleTicker();
        }
        LOG.info("event=upstream-reconfigured hosts={} active={}", next.hosts(), hosts.active());
        if (current == null) {
            reconnectNow();
        } else {
            pump();
        }
    }

    void tlsFilesReloaded() {
        List<UpstreamHost> reset = closed ? List.of() : hosts.forgetRefusals(System.nanoTime());
        if (!reset.isEmpty()) {
            LOG.info("event=refusal-backoff-reset reason=\"TLS files reloaded\" hosts={}", reset);
            if (current == null) {
                reconnectNow();
            }
        }
    }

    private void reconnectNow() {
        if (retry != null) {
            retry.cancel(false);
        }
        connectBest();
    }

    private void connectBest() {
        if (closed || current != null) {
            return;
        }
        long now = System.nanoTime();
        HostLink best = hosts.firstDue(now);
        if (best == null) {
            if (retry == null || retry.isDone()) {
                retry = loop.schedule(this::connectBest, Math.max(0, hosts.earliestRetry() - now), TimeUnit.NANOSECONDS);
            }
            return;
        }
        current = best;
        dial(best);
    }

    private void dial(HostLink link) {
        HostSession s = new HostSession(link.host, this);
        link.connecting(s);
        dialer.dial(s, (int) settings.requestTimeout().toMillis(), HostConnector.MAX_IN_FLIGHT_REQUESTS);
    }

    /** Asks the serving host for what waiting fetches still need; connects one if none serves. */
    private void pump() {
        if (current == null) {
            demands.wanted();   // drops fetches given up meanwhile
            connectBest();
        } else if (current.session() != null && current.session().isReady()) {
            demands.requestFrom(current.session(), HostConnector.MAX_IN_FLIGHT_REQUESTS);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (HostLink link : new HostLink[] {current, probe}) {
            HostSession s = link == null ? null : link.session();
            if (s == null || s.isOver()) {
                continue;
            }
            long oldest = s.oldestPendingNanos();
            if (oldest >= 0 && now - oldest > settings.requestTimeout().toNanos()) {
                slowRequests.inc();
                s.fail("slow: no reply within request-timeout " + settings.requestTimeout().toMillis() + "ms");
            } else if (link == current && s.isReady() && s.idleFor(now, HostConnector.KEEPALIVE_NANOS)) {
                s.ping(now);
            }
        }
        if (probe == null && hosts.probeDue(current, now, settings.failbackAfter().toNanos())) {
            probe = hosts.preferred();
            LOG.debug("event=failback-probe host={}", probe.host);
            dial(probe);
        }
    }

    // ---- what sessions report; each event names its session, so a retired one's are ignored ----

    @Override
    public void ready(HostSession s) {
        HostLink link = owner(s);
        if (link != null) {
            s.ping(System.nanoTime());   // the answer tells us the host accepted our certificate
            if (link == current) {
                pump();
            }
        }
    }

    @Override
    public void accepted(HostSession s) {
        HostLink link = owner(s);
        if (link != null && link == probe) {
            // the preferred host answered: it serves from now on, the fallback connection goes
            probe = null;
            if (current != null) {
                current.release();
            }
            current = link;
            hosts.serving(link);
            pump();
        } else if (link != null) {
            hosts.serving(link);
        }
    }

    @Override
    public void received(HostSession s, byte[] data) {
        HostLink link = owner(s);
        if (link != null) {
            link.bytesReceived.inc(data.length);
        }
        demands.fill(data);
        pump();
    }

    @Override
    public void ended(HostSession s, HostSession.Ending how) {
        HostLink link = owner(s);
        if (link == null) {
            return;
        }
        long now = System.nanoTime();
        if (how.refusal()) {
            link.refused(how.reason(), refusedBackoff, now);
            refused.inc();   // after the link's state: whoever sees the count sees the cause
        } else {
            link.failed(how.reason(), backoff, now);
        }
        if (link == probe) {
            probe = null;
        } else {
            current = null;
            hosts.noneServing();
            connectBest();
        }
    }

    private HostLink owner(HostSession s) {
        if (current != null && current.session() == s) {
            return current;
        }
        return probe != null && probe.session() == s ? probe : null;
    }

    /** Closes every connection and fails waiting fetches. */
    void close() {
        closed = true;
        for (ScheduledFuture<?> f : new ScheduledFuture<?>[] {ticker, retry}) {
            if (f != null) {
                f.cancel(false);
            }
        }
        for (HostLink l : new HostLink[] {current, probe}) {
            if (l != null) {
                l.release();
            }
        }
        current = null;
        probe = null;
        hosts.noneServing();
        demands.failAll(new IllegalStateException("connector closed"));
    }
}
