package org.entropyfleet.link.tls;

import io.netty.handler.ssl.SslHandshakeTimeoutException;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Why a TLS peer was refused; {@link #metricName()} is the suffix of {@code tls.handshakes.failed.<reason>}.
 */
public enum RefusalReason {
    UNTRUSTED("untrusted"),
    EXPIRED("expired"),
    REVOKED("revoked"),
    /** The CA's CRL is past its nextUpdate and {@code tls.crl-expired: refuse}. */
    CRL_EXPIRED("crl-expired"),
    NOT_ALLOWED("not-allowed"),
    NO_CLIENT_CERT("no-client-cert"),
    PROTOCOL("protocol"),
    TIMEOUT("timeout"),
    /** The connection closed (either side) before the handshake completed: not the peer's certificate. */
    CLOSED("closed"),
    OTHER("other");

    private final String metricName;

    RefusalReason(String metricName) {
        this.metricName = metricName;
    }

    public String metricName() {
        return metricName;
    }

    /**
     * Classifies a handshake failure. Our own trust manager throws {@link PeerRejectedException}, which
     * both engines keep in the cause chain; the rest is recognised by the JDK's exception types and by
     * BoringSSL's and JSSE's error texts (no structured codes cross the engine boundary).
     */
    static RefusalReason classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PeerRejectedException p) {
                return p.reason();
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return TIMEOUT;
            }
            if (t instanceof java.nio.channels.ClosedChannelException) {
                return CLOSED;
            }
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return EXPIRED;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            all.append(' ').append(t.getMessage());
        }
        String text = all.toString().toLowerCase(Locale.ROOT);
        if (text.contains("connection reset") || text.contains("broken pipe")) {
            return CLOSED;
        }
        if (text.contains("peer_did_not_return_a_certificate") || text.contains("empty client certificate chain")
                || text.contains("certificate_required") || text.contains("certificate required")) {
            return NO_CLIENT_CERT;
        }
        if (text.contains("revoked")) {
            return REVOKED;
        }
        if (text.contains("expired")) {
            return EXPIRED;
        }
        if (text.contains("timed out") || text.contains("timeout")) {
            return TIMEOUT;
        }
        if (text.contains("unknown_ca") || text.contains("unknown ca") || text.contains("certificate_unknown")
                || text.contains("pkix") || text.contains("certificate_verify_failed") || text.contains("bad_certificate")
                || text.contains("bad certificate") || text.contains("no subject alternative")
                || text.contains("no name matching")) {
            return UNTRUSTED;
        }
        if (text.contains("protocol") || text.contains("version") || text.contains("no_shared_cipher")
                || text.contains("cipher") || text.contains("not an ssl/tls record") || text.contains("handshake_failure")
                || text.contains("unexpected_message") || text.contains("wrong_version")) {
            return PROTOCOL;
        }
        return OTHER;
    }
}
