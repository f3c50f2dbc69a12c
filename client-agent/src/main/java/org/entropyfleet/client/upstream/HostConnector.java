package org.entropyfleet.client.upstream;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.entropyfleet.client.kernel.EntropySource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mutually-authenticated EGD connection to the best available host and serves
 * {@link #fetch(int)} from it with pipelined 0x02 requests.
 *
 * <p>Hosts are tried in the configured order. A host that refuses the TCP connection, drops it, fails
 * TLS or leaves a request unanswered for {@code request-timeout} is marked down (jittered exponential
 * backoff, at most {@link UpstreamSettings#BACKOFF_MAX}) and the next host is used; outstanding demands
 * are re-requested there, so callers only see a delay. While on a fallback host, the preferred (first)
 * host is probed every {@code failback-after}; when it answers, the agent moves back.
 *
 * <p>A host that refuses our certificate (or whose certificate we refuse) is retried on a separate,
 * much longer schedule ({@link UpstreamSettings#REFUSED_BACKOFF_INITIAL} up to {@code refused-backoff-max}),
 * logged once per attempt with the cause in words; it restarts from zero when the host accepts us or when
 * our own TLS files are reloaded ({@link #tlsFilesReloaded}). A connection counts as accepted at the host's
 * first reply: each new connection asks for a 0x00 bit count at once to learn that quickly.
 *
 * <p>The parts: {@link UpstreamHosts} (the hosts in order, one {@link HostLink} each with its state and
 * backoff, and which serves), {@link HostSession} (one connection), {@link HostDialer} (opening one),
 * {@link Demands} (waiting fetches) and {@link HostChooser} (choosing among the hosts).
 *
 * <p>Thread rules: the public methods may be called from any thread and hop onto one event loop, where
 * everything else runs, so the state needs no locks.
 */
public final class HostConnector implements EntropySource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostConnector.class);

    /** 0x02 requests in flight on one connection; 8 × 255 bytes covers a fast link's round trip. */
    public static final int MAX_IN_FLIGHT_REQUESTS = 8;
    /** Fetches waiting for bytes; more are refused at once. */
    public static final int MAX_PENDING_DEMANDS = 64;
    /** Largest single fetch. */
    public static final int MAX_FETCH_BYTES = 64 * 1024;
    /** Bounds of the timeout/keepalive/failback check interval (a tenth of request-timeout). */
    static final long MIN_TICK_MILLIS = 50;
    static final long MAX_TICK_MILLIS = 500;
    /** An idle connection sends a 0x00 this often, to notice a dead host before it is needed. */
    static final long KEEPALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final EventLoop loop;
    private final HostDialer dialer;
    private final UpstreamHosts hosts;
    private final HostChooser chooser;
    private volatile boolean closed;

    public HostConnector(UpstreamSettings settings, TlsInstaller tls, EventLoopGroup group,
            Class<? extends Channel> channelClass, MetricRegistry metrics) {
        this.loop = group.next();
        this.dialer = new HostDialer(tls, loop, channelClass);
        this.hosts = new UpstreamHosts(settings.hosts(), metrics);
        this.chooser = new HostChooser(settings, loop, dialer, hosts, metrics);
    }

    /** Connects to the first reachable host and starts the timeout/keepalive/failback ticker. */
    public void start() {
        loop.execute(chooser::start);
    }

    /** The host currently serving, or null. */
    public UpstreamHost activeHost() {
        return hosts.active();
    }

    /** The first configured host: the one the agent returns to. */
    public UpstreamHost preferredHost() {
        return hosts.preferred().host;
    }

    /** "host (last error)" for every host, for messages when nothing answered. */
    public String describeHosts() {
        return hosts.describe();
    }

    /**
     * Applies a reloaded hosts list and timings. Each host keeps its standing (it follows the host, not
     * its position). The connection in use stays open when its host is still listed; one to a host no
     * longer listed is closed and the best listed host connected instead (outstanding fetches are
     * re-requested there, as after a failover). A new first host is probed at once and taken over the
     * failback way, i.e. only after it answered.
     */
    public void reconfigure(UpstreamSettings next) {
        loop.execute(() -> chooser.apply(next));
    }

    /**
     * Our certificate, key, CA bundle or CRL was reloaded: what a host refused before may pass now, so
     * hosts waiting out a refusal are retried at once and their refusal count starts again.
     */
    public void tlsFilesReloaded() {
        loop.execute(chooser::tlsFilesReloaded);
    }

    @Override
    public CompletableFuture<byte[]> fetch(int bytes) {
        if (bytes < 0 || bytes > MAX_FETCH_BYTES) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("fetch size " + bytes
                    + " outside 0.." + MAX_FETCH_BYTES));
        }
        if (bytes == 0) {
            return CompletableFuture.completedFuture(new byte[0]);
        }
        CompletableFuture<byte[]> f = new CompletableFuture<>();
        loop.execute(() -> chooser.fetch(bytes, f));
        return f;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                chooser.close();
                done.complete(null);
            });
            done.get(2, TimeUnit.SECONDS);
            dialer.close();
        } catch (Exception e) {
            LOG.debug("event=connector-close-incomplete reason=\"{}\"", e.toString());
        }
    }
}
