package org.entropyfleet.link.local;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.entropyfleet.link.log.RateLimitedLog;
import org.slf4j.LoggerFactory;

/**
 * First handler of every connection to a local plaintext EGD endpoint: at most
 * {@link LocalAccess#maxClients()} connections, and on TCP at most {@link LocalAccess#maxClientsPerUser()}
 * per uid (found in the kernel's socket table by {@link TcpSocketOwners}). A connection over a cap is
 * closed at once; a connection once admitted is never closed by this handler, however idle.
 *
 * <p>On TCP the connection reads nothing, and the handlers after this one see no {@code channelActive},
 * until its owner is known (a socket-table read on the lookup thread, normally well under a millisecond).
 * A client whose socket is gone by then counts as uid -1, a user of its own.
 *
 * <p>Metrics: a gauge of open connections; a counter of refusals and one per {@link Reason}
 * ({@code REFUSED.REASON}). Refusals are logged rate-limited ({@link RateLimitedLog}, log
 * {@code local-refused}): a local user can connect at will.
 */
@Sharable
public final class LocalConnectionLimit extends ChannelInboundHandlerAdapter implements AutoCloseable {
    /** Why a connection was refused; the label is the metric suffix and the log's {@code reason=}. */
    public enum Reason {
        MAX_CLIENTS("max-clients"),
        PER_USER("per-user"),
        LOOKUP_BACKLOG("lookup-backlog");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf(LocalConnectionLimit.class, "counted");
    private static final AttributeKey<Integer> UID = AttributeKey.valueOf(LocalConnectionLimit.class, "uid");

    /** Replaced on reload ({@link #update}); only its caps are read after bind. */
    private volatile LocalAccess access;
    private final UidLookups lookups;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Integer, Integer> perUid = new ConcurrentHashMap<>();
    private final Counter refusedTotal;
    private final Map<Reason, Counter> refused = new EnumMap<>(Reason.class);
    private final RateLimitedLog log;
    private final String endpoint;

    /**
     * @param owners       where TCP peers' uids are looked up; null for a Unix socket (no per-user cap)
     * @param endpoint     the endpoint's name in log lines
     * @param clientsGauge e.g. {@code local.clients} (client-agent) or {@code host.local.connections}
     * @param refusedName  e.g. {@code local.refused-connections} or {@code host.local.connections-refused}
     */
    public LocalConnectionLimit(LocalAccess access, TcpSocketOwners owners, String endpoint, String clientsGauge,
            String refusedName, MetricRegistry metrics) {
        this.access = access;
        this.endpoint = endpoint;
        this.lookups = owners == null ? null : new UidLookups(owners, "local-egd-uid-lookup");
        this.log = new RateLimitedLog(LoggerFactory.getLogger(LocalConnectionLimit.class), "local-refused", metrics);
        this.refusedTotal = metrics.counter(refusedName);
        for (Reason r : Reason.values()) {
            refused.put(r, metrics.counter(MetricRegistry.name(refusedName, r.label())));
        }
        metrics.remove(clientsGauge);
        metrics.register(clientsGauge, (Gauge<Integer>) open::get);
    }

    /** Connections admitted or waiting for their owner's lookup. */
    /** New caps for connections accepted from now on; connected clients keep their slots. */
    public void update(LocalAccess next) {
        this.access = next;
    }

    public int clients() {
        return open.get();
    }

    /** TCP connections admitted for {@code uid}. */
    public int clientsOf(int uid) {
        return perUid.getOrDefault(uid, 0);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (open.incrementAndGet() > access.maxClients()) {
            open.decrementAndGet();
            refuse(ctx, Reason.MAX_CLIENTS, "max-clients=" + access.maxClients());
            return;
        }
        ch.attr(COUNTED).set(Boolean.TRUE);
        if (lookups == null || !(ch.remoteAddress() instanceof InetSocketAddress peer)
                || !(ch.localAddress() instanceof InetSocketAddress server)) {
            ctx.fireChannelActive();
            return;
        }
        ch.config().setAutoRead(false);
        TcpSocketOwners.Connection c = new TcpSocketOwners.Connection(peer, server);
        if (!lookups.submit(c, uid -> ctx.executor().execute(() -> admit(ctx, uid)))) {
            refuse(ctx, Reason.LOOKUP_BACKLOG, "pending-lookups=" + UidLookups.MAX_PENDING);
        }
    }

    private void admit(ChannelHandlerContext ctx, int uid) {
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            return;   // closed while its owner was looked up; channelInactive released its slot
        }
        boolean[] admitted = {false};
        perUid.compute(uid, (k, n) -> {
            int held = n == null ? 0 : n;
            if (held >= access.maxClientsPerUser()) {
                return n;
            }
            admitted[0] = true;
            return held + 1;
        });
        if (!admitted[0]) {
            refuse(ctx, Reason.PER_USER, "uid=" + uid + " max-clients-per-user=" + access.maxClientsPerUser());
            return;
        }
        ch.attr(UID).set(uid);
        ctx.fireChannelActive();
        ch.config().setAutoRead(true);
    }

    private void refuse(ChannelHandlerContext ctx, Reason reason, String details) {
        refusedTotal.inc();
        refused.get(reason).inc();
        log.warn(reason.label(), "event=local-client-refused endpoint=\"{}\" reason={} {} peer={}", endpoint, reason.label(),
                details, ctx.channel().remoteAddress());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        if (ch.attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
        Integer uid = ch.attr(UID).getAndSet(null);
        if (uid != null) {
            perUid.computeIfPresent(uid, (k, n) -> n <= 1 ? null : n - 1);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void close() {
        if (lookups != null) {
            lookups.close();
        }
    }
}
