package org.entropyfleet.link.tls;

import com.codahale.metrics.MetricRegistry;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.entropyfleet.link.config.TlsConfig;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Client side of the mutually-authenticated EGD link.
 *
 * <p><b>Who we talk to.</b> The server's chain must lead to a CA in {@code tls.ca}, be within its
 * dates and not be in {@code tls.crl} (if configured), and its certificate must name the host we
 * dialled: a DNS name against dNSName SANs, an IP literal against iPAddress SANs (HTTPS endpoint
 * identification, RFC 6125). If {@code tls.allow} is non-empty the server must also match it —
 * the equivalent of stunnel's {@code verify = 3} pinning.
 *
 * <p><b>What we present.</b> {@code tls.cert} and {@code tls.key}, reloaded like the server's when
 * the files change (renewed client certificates need no restart).
 */
public final class ClientTlsContext implements AutoCloseable {

    /** JSSE's name for RFC 2818/6125 host checks; BoringSSL's engine honours it the same way. */
    static final String ENDPOINT_IDENTIFICATION = "HTTPS";

    private final TlsConfig cfg;
    private final TlsMetrics metrics;
    private final SslProvider provider;
    private final ReloadingSslContext contexts;
    private final Allowlist allow;
    private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();

    private ClientTlsContext(TlsConfig cfg, MetricRegistry registry, SslProvider provider) throws TlsConfigException {
        this.cfg = cfg;
        this.metrics = new TlsMetrics(registry);
        this.provider = provider;
        this.allow = new Allowlist(cfg.allow());
        this.contexts = new ReloadingSslContext("client", cfg, metrics, this::build,
                (m, changed) -> reloadListeners.forEach(Runnable::run));
    }

    public static ClientTlsContext open(TlsConfig cfg, MetricRegistry metrics) throws TlsConfigException {
        return open(cfg, metrics, SslProviders.preferred());
    }

    public static ClientTlsContext open(TlsConfig cfg, MetricRegistry metrics, SslProvider provider)
            throws TlsConfigException {
        return new ClientTlsContext(Objects.requireNonNull(cfg, "cfg"), metrics, Objects.requireNonNull(provider, "provider"));
    }

    /** Publishes the dates of the material in use ({@link TlsGauges}) in {@code registry}. */
    public void registerDateGauges(MetricRegistry registry) {
        TlsGauges.register(registry, () -> contexts.current().material());
    }

    /**
     * Adds {@code "tls"} (SslHandler for {@code host:port}, verifying the server's name) and
     * {@code "tls-peer"} to the end of the pipeline. {@code host} is what was dialled: a DNS name or an
     * IP literal (IPv6 without brackets).
     */
    public void addTo(ChannelPipeline p, String host, int port) {
        String peerHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        SslHandler ssl = contexts.current().ssl().newHandler(p.channel().alloc(), peerHost, port);
        SSLEngine engine = ssl.engine();
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        engine.setSSLParameters(params);
        ssl.setHandshakeTimeoutMillis(cfg.handshakeTimeout().toMillis());
        p.addLast("tls", ssl);
        p.addLast("tls-peer", new PeerVerificationHandler(ssl, new Policy()));
    }

    /**
     * Runs {@code listener} (on the reload thread) after every successful reload of our certificate, key,
     * CA bundle or CRL: a host that refused the old ones may accept the new.
     */
    public void onReload(Runnable listener) {
        reloadListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Re-reads the files now; a broken file keeps the old context and logs an error. */
    public void reload() {
        contexts.reloadNow();
    }

    public SslProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        contexts.close();
    }

    private SslContext build(TlsMaterial m) throws SSLException {
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(provider)
                .keyManager(m.key(), m.chain())
                .keyStoreType(TlsMaterial.KEY_STORE_TYPE)
                .trustManager(m.trust())
                .endpointIdentificationAlgorithm(ENDPOINT_IDENTIFICATION);
        return TlsProtocols.apply(b, cfg.protocols()).build();
    }

    private final class Policy implements PeerPolicy {
        @Override
        public String role() {
            return "client";
        }

        @Override
        public void track(Channel channel) {
            // Clients do not sweep live connections: the host agent is re-verified on every reconnect.
        }

        @Override
        public void check(PeerIdentity peer, X509Certificate[] chain) throws PeerRejectedException {
            if (!allow.allows(peer)) {
                throw new PeerRejectedException(RefusalReason.NOT_ALLOWED, "'" + peer.name() + "' serial "
                        + peer.serialHex() + " matches no allowlist entry");
            }
        }

        @Override
        public TlsMetrics metrics() {
            return metrics;
        }
    }
}
