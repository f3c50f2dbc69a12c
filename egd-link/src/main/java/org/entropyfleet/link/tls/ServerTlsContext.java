package org.entropyfleet.link.tls;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.entropyfleet.link.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * Server side of the mutually-authenticated EGD link.
 *
 * <p><b>Who may connect.</b> A client must present a certificate that chains to a CA in
 * {@code tls.ca}, is within its validity dates, is not listed in {@code tls.crl}, and whose CN or
 * one of whose SANs matches an entry of {@code tls.allow} (an empty allowlist accepts every
 * certificate the bundle trusts). Everything else is refused after the handshake with one log line
 * and a {@code tls.handshakes.failed.<reason>} count.
 *
 * <p><b>Reloads.</b> The certificate, key, CA bundle and CRL are polled every
 * {@code tls.reload-interval}; {@link #reload()} forces it (wire it to SIGHUP). New connections use
 * the new files. After the bundle or CRL changes, and after {@link #updateAllowlist}, live connections
 * whose peer would now be refused are closed. A broken file keeps the previous state.
 *
 * <p><b>Resumption.</b> TLS 1.3 session tickets are encrypted with {@link SessionTicketKeys} (persisted
 * by the host-agent), so they survive restarts and CRL or allowlist reloads. A resumed session is checked
 * like a full handshake: the session's certificate against the current CRL and dates, then the allowlist;
 * a new server certificate or CA bundle replaces the ticket keys (every client handshakes in full).
 *
 * <p>Thread-safe; one instance serves all channels of a server.
 */
public final class ServerTlsContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTlsContext.class);
    /** CRLs in use that are past their nextUpdate (0 when all are current). */
    public static final String CRL_EXPIRED_GAUGE = "tls.crl.expired";

    private final TlsConfig cfg;
    private final TlsMetrics metrics;
    private final SslProvider provider;
    private final ChannelGroup live = new DefaultChannelGroup("tls-server-peers", GlobalEventExecutor.INSTANCE);
    private final ReloadingSslContext contexts;
    private final SessionTicketKeys ticketKeys;
    private volatile Allowlist allow;

    private ServerTlsContext(TlsConfig cfg, MetricRegistry registry, SslProvider provider, CrlHistory crlHistory,
            SessionTicketKeys ticketKeys) throws TlsConfigException {
        this.cfg = cfg;
        this.metrics = new TlsMetrics(registry);
        this.provider = provider;
        this.ticketKeys = ticketKeys;
        this.allow = new Allowlist(cfg.allow());
        warnIfOpen(allow);
        this.contexts = new ReloadingSslContext("server", cfg, metrics, this::build, this::afterReload, crlHistory);
        if (registry != null) {
            registry.remove(CRL_EXPIRED_GAUGE);
            registry.register(CRL_EXPIRED_GAUGE, (Gauge<Integer>) () -> expiredCrls().size());
        }
    }

    /** Loads and checks all files now; fails naming the first bad file. */
    public static ServerTlsContext open(TlsConfig cfg, MetricRegistry metrics) throws TlsConfigException {
        return open(cfg, metrics, SslProviders.preferred());
    }

    /** As {@link #open(TlsConfig, MetricRegistry)} with an explicit engine (tests run both). */
    public static ServerTlsContext open(TlsConfig cfg, MetricRegistry metrics, SslProvider provider)
            throws TlsConfigException {
        return open(cfg, metrics, provider, CrlHistory.inMemory());
    }

    /**
     * As above, remembering the newest CRL seen per CA in {@code crlHistory} (keep it in the state
     * directory so that a CRL rolled back while the agent was down is refused too).
     */
    public static ServerTlsContext open(TlsConfig cfg, MetricRegistry metrics, SslProvider provider, CrlHistory crlHistory)
            throws TlsConfigException {
        return open(cfg, metrics, provider, crlHistory, SessionTicketKeys.inMemory());
    }

    /**
     * As above, encrypting session tickets with {@code ticketKeys} (keep them in the state directory so
     * that clients resume after a restart; see {@link SessionTicketKeys}).
     */
    public static ServerTlsContext open(TlsConfig cfg, MetricRegistry metrics, SslProvider provider, CrlHistory crlHistory,
            SessionTicketKeys ticketKeys) throws TlsConfigException {
        return new ServerTlsContext(Objects.requireNonNull(cfg, "cfg"), metrics, Objects.requireNonNull(provider, "provider"),
                Objects.requireNonNull(crlHistory, "crlHistory"), Objects.requireNonNull(ticketKeys, "ticketKeys"));
    }

    /**
     * Publishes the dates of the material in use ({@link TlsGauges}) in {@code registry}. An agent calls
     * this for the one identity it reports (the host-agent's server side, not its upstream sources').
     */
    public void registerDateGauges(MetricRegistry registry) {
        TlsGauges.register(registry, () -> contexts.current().material());
    }

    /** CRLs in use past their nextUpdate, one phrase each (for health reports); empty when all are current. */
    public List<String> expiredCrls() {
        return contexts.current().material().expiredCrls(java.time.Instant.now());
    }

    /**
     * Adds the TLS handler ({@code "tls"}) at the end of the pipeline; add the application handlers
     * after this call and start work on {@link PeerAuthenticatedEvent}. Until a whole ClientHello has
     * arrived {@code "tls"} is a {@link ClientHelloGate}; then it becomes the {@link SslHandler} (with
     * the handshake timeout, counted from the ClientHello) followed by the peer check {@code "tls-peer"}.
     * A connection that never sends a whole ClientHello has no timeout here: its owner must bound it.
     */
    public void addTo(ChannelPipeline p) {
        p.addLast("tls", new ClientHelloGate(this, cfg.handshakeTimeout().toMillis()));
    }

    /** A connection that ended before its ClientHello was complete: counted and logged like a handshake failure. */
    void helloRefused(Channel ch, RefusalReason reason, String detail) {
        metrics.refused("server", reason, ch.remoteAddress(), detail);
    }

    /** Replaces the gate by the TLS engine of the current files and the peer check. */
    void installEngine(ChannelPipeline p, ClientHelloGate gate) {
        ReloadingSslContext.Current at = contexts.current();
        ticketKeys.rotateIfDue(at.ssl());
        SslHandler ssl = at.ssl().newHandler(p.channel().alloc());
        ssl.setHandshakeTimeoutMillis(cfg.handshakeTimeout().toMillis());
        p.replace(gate, "tls", ssl);
        p.addAfter("tls", "tls-peer", new PeerVerificationHandler(ssl, new Policy(at.material())));
    }

    /** Re-reads all files now (SIGHUP); a broken file keeps the old context and logs an error. */
    public void reload() {
        contexts.reloadNow();
    }

    /** Replaces the allowlist and closes live connections whose peer no longer matches it. */
    public void updateAllowlist(List<String> globs) {
        Allowlist next = new Allowlist(globs);
        this.allow = next;
        warnIfOpen(next);
        LOG.info("event=tls-allowlist-updated entries={}", next.entries().size());
        sweep("allowlist update");
    }

    public List<String> allowlist() {
        return allow.entries();
    }

    public SslProvider provider() {
        return provider;
    }

    /** Connections that passed the handshake and are still open. */
    public int liveConnections() {
        return live.size();
    }

    /** Stops polling. Open connections are left to their owner. */
    @Override
    public void close() {
        contexts.close();
    }

    private SslContext build(TlsMaterial m) throws javax.net.ssl.SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(m.key(), m.chain())
                .keyStoreType(TlsMaterial.KEY_STORE_TYPE)
                .sslProvider(provider)
                .trustManager(m.trust())
                .clientAuth(ClientAuth.REQUIRE);
        SslContext ctx = TlsProtocols.apply(b, cfg.protocols()).build();
        // a rebuilt context (a reload) keeps the keys unless the certificate or CA bundle changed
        ticketKeys.applyTo(ctx, m);
        return ctx;
    }

    private void afterReload(TlsMaterial m, List<Path> changed) {
        if (changed.contains(cfg.ca()) || (cfg.crl() != null && changed.contains(cfg.crl())) || changed.isEmpty()) {
            sweep("CA bundle/CRL reload");
        }
    }

    /** Closes live connections whose peer the current trust material or allowlist would now refuse. */
    private void sweep(String why) {
        TlsMaterial material = contexts.current().material();
        for (Channel ch : live) {
            X509Certificate[] chain = ch.attr(PeerVerificationHandler.PEER_CHAIN).get();
            if (chain == null || !ch.isActive()) {
                continue;
            }
            try {
                material.trust().recheckClient(chain);
                checkAllowlist(PeerIdentity.of(chain[0]));
            } catch (PeerRejectedException e) {
                metrics.connectionDropped(e.reason());
                LOG.warn("event=tls-connection-dropped after=\"{}\" reason={} peer={} detail=\"{}\"",
                        why, e.reason().metricName(), ch.remoteAddress(), e.getMessage());
                ch.close();
            }
        }
    }

    /**
     * The post-handshake policy: a full re-verification if the trust material was reloaded during the
     * handshake, else dates and CRL again (covers resumed sessions); then the allowlist.
     */
    private void check(PeerIdentity peer, X509Certificate[] chain, TlsMaterial verifiedWith) throws PeerRejectedException {
        TlsMaterial now = contexts.current().material();
        if (now != verifiedWith) {
            now.trust().recheckClient(chain);
        } else {
            now.trust().quickRecheck(chain);
        }
        checkAllowlist(peer);
    }

    private void checkAllowlist(PeerIdentity peer) throws PeerRejectedException {
        if (!allow.allows(peer)) {
            throw new PeerRejectedException(RefusalReason.NOT_ALLOWED, "'" + peer.name() + "' serial "
                    + peer.serialHex() + " matches no allowlist entry");
        }
    }

    private static void warnIfOpen(Allowlist globs) {
        if (globs.isEmpty()) {
            LOG.warn("event=tls-allowlist-empty key=tls.allow detail=\"every certificate the CA bundle trusts is accepted\"");
        }
    }

    /** One per connection: remembers which trust material its SslHandler verified the peer with. */
    private final class Policy implements PeerPolicy {
        private final TlsMaterial handshakeMaterial;

        Policy(TlsMaterial handshakeMaterial) {
            this.handshakeMaterial = handshakeMaterial;
        }

        @Override
        public String role() {
            return "server";
        }

        @Override
        public void track(Channel channel) {
            live.add(channel);
        }

        @Override
        public void check(PeerIdentity peer, X509Certificate[] chain) throws PeerRejectedException {
            ServerTlsContext.this.check(peer, chain, handshakeMaterial);
        }

        @Override
        public TlsMetrics metrics() {
            return metrics;
        }
    }
}
