package org.entropyfleet.client.upstream;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured hosts in order of preference, one {@link HostLink} each, and which of them serves:
 * moving from one to another is counted and logged here (failover, failback). A reload keeps each
 * host's link, so its standing follows the host, not its position. Changed only on the connector's
 * event loop; the list and the serving host are also read by other threads for status.
 */
final class UpstreamHosts {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnector.class);

    private final MetricRegistry metrics;
    private final Counter failovers;
    private final Counter failbacks;
    private volatile List<HostLink> links;
    private volatile HostLink active;
    private HostLink lastActive;
    private long onFallbackSinceNanos;

    UpstreamHosts(List<UpstreamHost> hosts, MetricRegistry metrics) {
        this.metrics = metrics;
        this.failovers = metrics.counter("upstream.failovers");
        this.failbacks = metrics.counter("upstream.failbacks");
        this.links = build(hosts, Map.of());
        metrics.gauge("upstream.active-host-index", () -> () -> {
            HostLink a = active;
            return a == null ? -1 : links.indexOf(a);
        });
        metrics.gauge("upstream.connected", () -> () -> active != null ? 1 : 0);
        // by name for status: an index means nothing without the config at hand
        metrics.gauge("upstream.active-host", () -> () -> {
            HostLink a = active;
            return a == null ? "none" : a.host.toString();
        });
    }

    private List<HostLink> build(List<UpstreamHost> hosts, Map<UpstreamHost, HostLink> old) {
        List<HostLink> fresh = new ArrayList<>();
        for (UpstreamHost h : hosts) {
            HostLink kept = old.get(h);
            fresh.add(kept != null ? kept : new HostLink(h, metrics.counter(bytesMetric(h))));
        }
        return List.copyOf(fresh);
    }

    private static String bytesMetric(UpstreamHost host) {
        return MetricRegistry.name("upstream.bytes-received", host.toString());
    }

    /** Swaps in a reloaded list; a host still listed keeps its link. */
    void replace(List<UpstreamHost> hosts) {
        Map<UpstreamHost, HostLink> old = new LinkedHashMap<>();
        links.forEach(l -> old.put(l.host, l));
        links = build(hosts, old);
        old.keySet().stream().filter(h -> !hosts.contains(h)).forEach(h -> metrics.remove(bytesMetric(h)));
        if (lastActive != null && !lists(lastActive)) {
            lastActive = null;
        }
    }

    boolean lists(HostLink link) {
        return links.contains(link);
    }

    HostLink preferred() {
        return links.get(0);
    }

    /** The most preferred host that may be tried now, or null. */
    HostLink firstDue(long now) {
        for (HostLink l : links) {
            if (l.due(now)) {
                return l;
            }
        }
        return null;
    }

    long earliestRetry() {
        return links.stream().mapToLong(HostLink::retryAtNanos).min().orElse(0);
    }

    /** Hosts whose refusal was forgotten because our TLS files changed. */
    List<UpstreamHost> forgetRefusals(long now) {
        return links.stream().filter(l -> l.forgetRefusals(now)).map(l -> l.host).toList();
    }

    /** {@code link} answered and serves from now on: count and log the move, if it was one. */
    void serving(HostLink link) {
        link.up();
        HostLink preferred = preferred();
        if (lastActive != null && lastActive != link) {
            if (link == preferred) {
                failbacks.inc();
                LOG.info("event=failback from={} to={}", lastActive.host, link.host);
            } else {
                failovers.inc();
                LOG.warn("event=failover from={} to={}", lastActive.host, link.host);
            }
        } else {
            LOG.info("event=host-connected host={}", link.host);
        }
        if (link != preferred && (lastActive == preferred || lastActive == null || active != link)) {
            onFallbackSinceNanos = System.nanoTime();
        }
        lastActive = link;
        active = link;
    }

    /** Nothing serves now (the serving host was lost, unlisted, or the connector closes). */
    void noneServing() {
        active = null;
    }

    /** A new first host was configured while a fallback serves: probe it at the next tick. */
    void probePreferredSoon(long failbackAfterNanos) {
        onFallbackSinceNanos = System.nanoTime() - failbackAfterNanos;
    }

    /** Whether to probe the preferred host now: on a fallback long enough, and the preferred one may be tried. */
    boolean probeDue(HostLink current, long now, long failbackAfterNanos) {
        HostLink preferred = preferred();
        if (current == null || current.state() != HostLink.State.UP || current == preferred
                || now - onFallbackSinceNanos < failbackAfterNanos || !preferred.due(now)) {
            return false;
        }
        onFallbackSinceNanos = now;
        return true;
    }

    UpstreamHost active() {
        HostLink a = active;
        return a == null ? null : a.host;
    }

    String describe() {
        List<String> parts = new ArrayList<>();
        links.forEach(l -> parts.add(l.describe()));
        return String.join(", ", parts);
    }
}
