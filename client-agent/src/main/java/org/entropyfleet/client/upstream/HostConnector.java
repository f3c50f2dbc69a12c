package org.entropyfleet.client.upstream;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.entropyfleet.client.kernel.EntropySource;
import org.entropyfleet.link.egd.BitsAvailableRequest;
import org.entropyfleet.link.egd.EgdClientCodec;
import org.entropyfleet.link.egd.EgdLimits;
import org.entropyfleet.link.egd.ReadBlockingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mutually-authenticated EGD connection to the best available host and serves
 * {@link #fetch(int)} from it with pipelined 0x02 requests.
 *
 * <p>Hosts are tried in the configured order. A host that refuses the TCP connection, drops it, fails
 * TLS or leaves a request unanswered for {@code request-timeout} is marked down (jittered exponential
 * backoff, at most {@link Backoff#MAX}) and the next host is used; outstanding demands are re-requested
 * there, so callers only see a delay. While on a fallback host, the preferred (first) host is probed
 * every {@code failback-after}; when it answers, the agent moves back.
 *
 * <p>A host that refuses our certificate (or whose certificate we refuse) is retried on a separate,
 * much longer schedule ({@link Backoff#REFUSED_INITIAL} up to {@code refused-backoff-max}), logged once
 * per attempt with the cause in words; it restarts from zero when the host accepts us or when our own
 * TLS files are reloaded ({@link #tlsFilesReloaded}). A connection counts as accepted at the host's
 * first reply: each new connection asks for a 0x00 bit count at once to learn that quickly.
 *
 * <p>SIGHUP ({@link #reconfigure}) swaps the hosts list and timings in place: the working connection is
 * kept when its host is still listed, and per-host backoff follows the host, not its position.
 *
 * <p>Thread rules: {@link #fetch}, {@link #reconfigure} and {@link #close} may be called from any thread;
 * everything else runs on one event loop, so the state below needs no locks.
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

    private UpstreamSettings settings;
    private final TlsInstaller tls;
    private final EventLoop loop;
    private final Class<? extends Channel> channelClass;
    private final Backoff backoff = new Backoff(Backoff.INITIAL, Backoff.MAX);
    private final MetricRegistry metrics;
    private Backoff refusedBackoff;
    /** Replaced (never changed) by {@link #reconfigure}; read by other threads for status. */
    private volatile List<UpstreamHost> hosts;
    private int[] failures;
    /** Consecutive refusals per host; kept apart from {@link #failures} so transport errors never add to it. */
    private int[] refusals;
    private long[] nextAttemptNanos;
    private volatile AtomicReferenceArray<String> lastError;
    private Counter[] bytesPerHost;
    private final Counter failovers;
    private final Counter failbacks;
    private final Counter slowRequests;
    private final Counter refused;
    private final ArrayDeque<Demand> demands = new ArrayDeque<>();
    /** One thread for DNS lookups; its queue holds at most one lookup per host in practice. */
    private final ExecutorService resolver = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "upstream-dns");
        t.setDaemon(true);
        return t;
    });

    private HostSession current;
    private HostSession probe;
    private int lastActiveIndex = -1;
    private long onFallbackSinceNanos;
    private volatile int activeIndex = -1;
    private volatile boolean closed;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> retry;

    private static final class Demand {
        final byte[] buf;
        final CompletableFuture<byte[]> future = new CompletableFuture<>();
        int filled;

        Demand(int n) {
            buf = new byte[n];
        }

        int remaining() {
            return buf.length - filled;
        }
    }

    public HostConnector(UpstreamSettings settings, TlsInstaller tls, EventLoopGroup group,
            Class<? extends Channel> channelClass, MetricRegistry metrics) {
        this.settings = settings;
        this.tls = tls;
        this.loop = group.next();
        this.channelClass = channelClass;
        this.metrics = metrics;
        this.hosts = settings.hosts();
        int n = hosts.size();
        failures = new int[n];
        refusals = new int[n];
        refusedBackoff = new Backoff(Backoff.REFUSED_INITIAL, settings.refusedBackoffMax());
        nextAttemptNanos = new long[n];
        lastError = new AtomicReferenceArray<>(n);
        bytesPerHost = new Counter[n];
        for (int i = 0; i < n; i++) {
            bytesPerHost[i] = metrics.counter(bytesMetric(hosts.get(i)));
        }
        failovers = metrics.counter("upstream.failovers");
        failbacks = metrics.counter("upstream.failbacks");
        slowRequests = metrics.counter("upstream.slow-requests");
        refused = metrics.counter("upstream.refusals");
        metrics.gauge("upstream.active-host-index", () -> () -> activeIndex);
        metrics.gauge("upstream.connected", () -> () -> activeIndex >= 0 ? 1 : 0);
        // by name for status: an index means nothing without the config at hand
        metrics.gauge("upstream.active-host", () -> () -> {
            int i = activeIndex;
            return i >= 0 ? hosts.get(i).toString() : "none";
        });
    }

    /** Connects to the first reachable host and starts the timeout/keepalive/failback ticker. */
    public void start() {
        loop.execute(() -> {
            scheduleTicker();
            connectBest();
        });
    }

    private void scheduleTicker() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        // an idle agent wakes only this often; slow hosts are still caught within ~10 % of request-timeout
        long tick = Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, settings.requestTimeout().toMillis() / 10));
        ticker = loop.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    private static String bytesMetric(UpstreamHost host) {
        return MetricRegistry.name("upstream.bytes-received", host.toString());
    }

    /** The host currently serving, or null. */
    public UpstreamHost activeHost() {
        List<UpstreamHost> h = hosts;
        int i = activeIndex;
        return i < 0 || i >= h.size() ? null : h.get(i);
    }

    /** The first configured host: the one the agent returns to. */
    public UpstreamHost preferredHost() {
        return hosts.get(0);
    }

    /**
     * Applies a reloaded hosts list and timings. The connection in use stays open when its host is still
     * listed; one to a host no longer listed is closed and the best listed host connected instead
     * (outstanding fetches are re-requested there, as after a failover). A new first host is probed at
     * once and taken over the failback way, i.e. only after it answered.
     */
    public void reconfigure(UpstreamSettings next) {
        loop.execute(() -> {
            if (!closed) {
                applySettings(next);
            }
        });
    }

    private void applySettings(UpstreamSettings next) {
        List<UpstreamHost> old = hosts;
        List<UpstreamHost> fresh = next.hosts();
        int n = fresh.size();
        int[] f = new int[n];
        int[] r = new int[n];
        long[] at = new long[n];
        AtomicReferenceArray<String> err = new AtomicReferenceArray<>(n);
        Counter[] bytes = new Counter[n];
        for (int j = 0; j < n; j++) {
            bytes[j] = metrics.counter(bytesMetric(fresh.get(j)));
            int i = old.indexOf(fresh.get(j));
            if (i >= 0) {
                f[j] = failures[i];
                r[j] = refusals[i];
                at[j] = nextAttemptNanos[i];
                err.set(j, lastError.get(i));
            }
        }
        for (UpstreamHost h : old) {
            if (!fresh.contains(h)) {
                metrics.remove(bytesMetric(h));
            }
        }
        failures = f;
        refusals = r;
        nextAttemptNanos = at;
        bytesPerHost = bytes;
        lastError = err;
        hosts = fresh;
        lastActiveIndex = lastActiveIndex < 0 ? -1 : fresh.indexOf(old.get(lastActiveIndex));
        if (probe != null) {
            probe.retired = true;
            closeChannel(probe);
            probe = null;
        }
        HostSession c = current;
        if (c != null) {
            int j = fresh.indexOf(c.host);
            if (j < 0) {
                LOG.info("event=host-unlisted host={} action=reconnect", c.host);
                c.retired = true;
                closeChannel(c);
                current = null;
                activeIndex = -1;
            } else {
                c.hostIndex = j;
                activeIndex = activeIndex < 0 ? -1 : j;
                if (j != 0 && !old.get(0).equals(fresh.get(0))) {
                    onFallbackSinceNanos = System.nanoTime() - next.failbackAfter().toNanos();
                }
            }
        }
        boolean newTick = !settings.requestTimeout().equals(next.requestTimeout());
        if (!settings.refusedBackoffMax().equals(next.refusedBackoffMax())) {
            refusedBackoff = new Backoff(Backoff.REFUSED_INITIAL, next.refusedBackoffMax());
        }
        settings = next;
        if (newTick) {
            scheduleTicker();
        }
        LOG.info("event=upstream-reconfigured hosts={} active={}", fresh, activeHost());
        if (current == null) {
            if (retry != null) {
                retry.cancel(false);
            }
            connectBest();
        } else {
            pump();
        }
    }

    /** "host: last error" for every host that failed, for messages when nothing answered. */
    public String describeHosts() {
        List<String> parts = new ArrayList<>();
        List<UpstreamHost> h = hosts;
        AtomicReferenceArray<String> errors = lastError;
        for (int i = 0; i < h.size() && i < errors.length(); i++) {
            String e = errors.get(i);
            parts.add(h.get(i) + " (" + (e == null ? (i == activeIndex ? "connected" : "not tried") : e) + ")");
        }
        return String.join(", ", parts);
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
        Demand d = new Demand(bytes);
        loop.execute(() -> {
            if (closed) {
                d.future.completeExceptionally(new IllegalStateException("connector closed"));
            } else if (demands.size() >= MAX_PENDING_DEMANDS) {
                d.future.completeExceptionally(new IllegalStateException(
                        MAX_PENDING_DEMANDS + " fetches already waiting for hosts: " + describeHosts()));
            } else {
                demands.addLast(d);
                pump();
            }
        });
        return d.future;
    }

    // ---- event-loop side -------------------------------------------------------------------

    private void connectBest() {
        if (closed || current != null) {
            return;
        }
        long now = System.nanoTime();
        int best = -1;
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < hosts.size(); i++) {
            if (nextAttemptNanos[i] - now <= 0) {
                best = i;
                break;
            }
            earliest = Math.min(earliest, nextAttemptNanos[i]);
        }
        if (best < 0) {
            if (retry == null || retry.isDone()) {
                long delay = Math.max(0, earliest - now);
                retry = loop.schedule(this::connectBest, delay, TimeUnit.NANOSECONDS);
            }
            return;
        }
        current = connect(best, false);
    }

    private HostSession connect(int index, boolean isProbe) {
        UpstreamHost host = hosts.get(index);
        HostSession session = new HostSession(this, index, host, isProbe);
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.requestTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        tls.addTo(ch.pipeline(), host.verifiedName(), host.port());
                        ch.pipeline().addLast(new EgdClientCodec(MAX_IN_FLIGHT_REQUESTS + 1));
                        ch.pipeline().addLast(session);
                    }
                });
        String h = host.host();
        if (NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h)) {
            connectTo(session, b, new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(h), host.port()));
        } else {
            // name lookups block: they run on their own thread, never on the event loop
            resolver.execute(() -> {
                InetAddress address;
                try {
                    address = InetAddress.getByName(h);
                } catch (UnknownHostException | SecurityException e) {
                    loop.execute(() -> {
                        onFailure(session, "cannot resolve " + h);
                        onClosed(session);
                    });
                    return;
                }
                loop.execute(() -> {
                    if (!closed && !session.retired) {
                        connectTo(session, b, new InetSocketAddress(address, host.port()));
                    }
                });
            });
        }
        return session;
    }

    private void connectTo(HostSession session, Bootstrap b, InetSocketAddress address) {
        ChannelFuture f = b.connect(address);
        session.channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                onFailure(session, HostSession.rootMessage(done.cause()));
                onClosed(session);
            }
        });
    }

    private static void closeChannel(HostSession s) {
        if (s.channel != null) {
            s.channel.close();
        }
    }

    void onReady(HostSession s) {
        if (s.probe) {
            s.channel.writeAndFlush(new BitsAvailableRequest());
            s.pending.add(new HostSession.Pending(0, System.nanoTime()));
            return;
        }
        if (s != current) {
            return;
        }
        // The host's answer to this is what tells us it accepted our certificate (see onAccepted).
        s.channel.write(new BitsAvailableRequest());
        s.pending.add(new HostSession.Pending(0, System.nanoTime()));
        pump();
        s.channel.flush();
    }

    /** The host answered for the first time on {@code s}: it accepted our certificate. */
    void onAccepted(HostSession s) {
        if (s == current && !s.probe && !s.retired) {
            markUp(s);
        }
    }

    private void markUp(HostSession s) {
        int i = s.hostIndex;
        failures[i] = 0;
        refusals[i] = 0;
        nextAttemptNanos[i] = 0;
        lastError.set(i, null);
        if (lastActiveIndex >= 0 && lastActiveIndex != i) {
            if (i == 0) {
                failbacks.inc();
                LOG.info("event=failback from={} to={}", hosts.get(lastActiveIndex), hosts.get(i));
            } else {
                failovers.inc();
                LOG.warn("event=failover from={} to={}", hosts.get(lastActiveIndex), hosts.get(i));
            }
        } else {
            LOG.info("event=host-connected host={}", hosts.get(i));
        }
        if (i != 0 && (lastActiveIndex == 0 || lastActiveIndex < 0 || activeIndex != i)) {
            onFallbackSinceNanos = System.nanoTime();
        }
        lastActiveIndex = i;
        activeIndex = i;
    }

    void onAlive(HostSession s) {
        if (s.probe && s == probe) {
            // the preferred host answered: move the demand over, retire the fallback connection
            probe = null;
            HostSession old = current;
            current = new HostSession(this, s.hostIndex, s.host, false);
            s.channel.pipeline().replace(s, "session", current);
            current.channel = s.channel;
            current.ready = true;
            current.accepted = true;
            if (old != null) {
                old.retired = true;
                closeChannel(old);
            }
            markUp(current);
            pump();
        }
    }

    void onBytes(HostSession s, byte[] data) {
        bytesPerHost[s.hostIndex].inc(data.length);
        int off = 0;
        for (Iterator<Demand> it = demands.iterator(); it.hasNext() && off < data.length; ) {
            Demand d = it.next();
            if (d.future.isDone()) {
                Arrays.fill(d.buf, (byte) 0);
                it.remove();
                continue;
            }
            int n = Math.min(d.remaining(), data.length - off);
            System.arraycopy(data, off, d.buf, d.filled, n);
            d.filled += n;
            off += n;
            if (d.remaining() == 0) {
                it.remove();
                if (!d.future.complete(d.buf)) {
                    Arrays.fill(d.buf, (byte) 0);
                }
            }
        }
        Arrays.fill(data, (byte) 0); // surplus (a cancelled demand's share) is dropped, never reused
        pump();
    }

    void onFailure(HostSession s, String reason) {
        if (s.retired) {
            return;
        }
        int i = s.hostIndex;
        failures[i]++;
        nextAttemptNanos[i] = System.nanoTime() + backoff.delayNanos(failures[i]);
        boolean wasUp = lastError.getAndSet(i, reason) == null;
        s.retired = true;
        if (s.accepted && !s.probe) {
            LOG.warn("event=host-lost host={} reason=\"{}\"", s.host, reason);
        } else if (wasUp) {
            LOG.warn("event=host-down host={} reason=\"{}\"", s.host, reason);
        } else {
            LOG.debug("event=host-retry-failed host={} failures={} reason=\"{}\"", s.host, failures[i], reason);
        }
    }

    /**
     * The host refused our certificate, or we refused its: retry on the refusal schedule. One line per
     * attempt, and attempts are one backoff step apart, so a refused agent logs a few lines an hour.
     */
    void onRefused(HostSession s, String cause) {
        if (s.retired) {
            return;
        }
        int i = s.hostIndex;
        refusals[i]++;
        long delay = refusedBackoff.delayNanos(refusals[i]);
        nextAttemptNanos[i] = System.nanoTime() + delay;
        lastError.set(i, cause);
        s.retired = true;
        refused.inc();
        LOG.warn("event=host-refused host={} cause=\"{}\" refusals={} retry-in={}s", s.host, cause, refusals[i],
                TimeUnit.NANOSECONDS.toSeconds(delay));
    }

    /**
     * Our certificate, key, CA bundle or CRL was reloaded: what a host refused before may pass now, so
     * hosts waiting out a refusal are retried at once and their refusal count starts again.
     */
    public void tlsFilesReloaded() {
        loop.execute(() -> {
            if (closed) {
                return;
            }
            List<UpstreamHost> reset = new ArrayList<>();
            long now = System.nanoTime();
            for (int i = 0; i < hosts.size(); i++) {
                if (refusals[i] > 0) {
                    refusals[i] = 0;
                    nextAttemptNanos[i] = now;
                    reset.add(hosts.get(i));
                }
            }
            if (reset.isEmpty()) {
                return;
            }
            LOG.info("event=refusal-backoff-reset reason=\"TLS files reloaded\" hosts={}", reset);
            if (current == null) {
                if (retry != null) {
                    retry.cancel(false);
                }
                connectBest();
            }
        });
    }

    void onClosed(HostSession s) {
        if (s == probe) {
            probe = null;
            if (!s.retired) {
                onFailure(s, "connection closed by host");
            }
            return;
        }
        if (s != current) {
            return;
        }
        if (!s.retired) {
            onFailure(s, "connection closed by host");
        }
        current = null;
        activeIndex = -1;
        connectBest();
    }

    private void pump() {
        dropDoneDemands();
        HostSession s = current;
        if (s == null) {
            connectBest();
            return;
        }
        if (!s.ready) {
            return;
        }
        long need = -s.bytesInFlight;
        for (Demand d : demands) {
            need += d.remaining();
        }
        boolean wrote = false;
        long now = System.nanoTime();
        while (need > 0 && s.pending.size() < MAX_IN_FLIGHT_REQUESTS) {
            int n = (int) Math.min(EgdLimits.MAX_COUNT, need);
            s.channel.write(new ReadBlockingRequest(n));
            s.pending.addLast(new HostSession.Pending(n, now));
            s.bytesInFlight += n;
            need -= n;
            wrote = true;
        }
        if (wrote) {
            s.channel.flush();
        }
    }

    private void dropDoneDemands() {
        demands.removeIf(d -> {
            if (d.future.isDone()) {
                Arrays.fill(d.buf, (byte) 0);
                return true;
            }
            return false;
        });
    }

    private void tick() {
        long now = System.nanoTime();
        long timeout = settings.requestTimeout().toNanos();
        for (HostSession s : new HostSession[] {current, probe}) {
            if (s == null || s.retired) {
                continue;
            }
            long oldest = s.oldestPendingNanos();
            if (oldest >= 0 && now - oldest > timeout) {
                slowRequests.inc();
                onFailure(s, "slow: no reply within request-timeout " + settings.requestTimeout().toMillis() + "ms");
                closeChannel(s);
            } else if (s.ready && !s.probe && s.pending.isEmpty() && now - s.lastActivityNanos > KEEPALIVE_NANOS) {
                s.lastActivityNanos = now;
                s.channel.writeAndFlush(new BitsAvailableRequest());
                s.pending.add(new HostSession.Pending(0, now));
            }
        }
        HostSession c = current;
        if (c != null && c.ready && c.hostIndex != 0 && probe == null
                && now - onFallbackSinceNanos >= settings.failbackAfter().toNanos()
                && nextAttemptNanos[0] - now <= 0) {
            onFallbackSinceNanos = now;
            LOG.debug("event=failback-probe host={}", hosts.get(0));
            probe = connect(0, true);
        }
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
                if (ticker != null) {
                    ticker.cancel(false);
                }
                if (retry != null) {
                    retry.cancel(false);
                }
                for (HostSession s : new HostSession[] {current, probe}) {
                    if (s != null) {
                        s.retired = true;
                        closeChannel(s);
                    }
                }
                current = null;
                probe = null;
                activeIndex = -1;
                for (Demand d : demands) {
                    Arrays.fill(d.buf, (byte) 0);
                    d.future.completeExceptionally(new IllegalStateException("connector closed"));
                }
                demands.clear();
                done.complete(null);
            });
            done.get(2, TimeUnit.SECONDS);
            resolver.shutdownNow();
        } catch (Exception e) {
            LOG.debug("event=connector-close-incomplete reason=\"{}\"", e.toString());
        }
    }
}
