package org.entropyfleet.client.upstream;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.entropyfleet.link.tls.PeerRejectedException;
import org.entropyfleet.link.tls.TlsAlert;

/**
 * Tells a refusal (by the host of our certificate, or by us of the host's) from a transport failure,
 * and says it in words for the log. A refusal repeats until a certificate, key, CA bundle, CRL or
 * allowlist changes, so the connector backs off much longer after one.
 *
 * <p>With TLS 1.3 the client finishes its handshake before the host has checked our certificate, so
 * the host's alert arrives as a read error just after a "successful" handshake. The allowlist is checked
 * after the handshake and neither engine can send {@code access_denied} then: the host just closes. A
 * close after the handshake and before the host's first reply is therefore read as "not allowed".
 */
final class RefusalCause {
    static final String CLOSED_AFTER_HANDSHAKE = "host refused our certificate: not allowed (access denied), "
            + "or our identity is at the host's max-connections-per-identity: "
            + "it closed the connection right after the TLS handshake, before any reply";
    static final String HOST_NOT_ALLOWED = "we refuse the host's certificate: not allowed (it matches no entry of our tls.allow)";
    /** Keeps the one log line per refusal readable. */
    static final int MAX_DETAIL_CHARS = 200;

    private RefusalCause() {
    }

    /**
     * The refusal in words, or empty when {@code failure} is not about certificates. {@code ours} is the
     * certificate we presented, or null: a host on the JDK engine only ever says
     * {@code certificate_unknown}, and an expired certificate of ours is the likeliest reason we can see.
     */
    static Optional<String> of(Throwable failure, X509Certificate ours) {
        Optional<TlsAlert> alert = TlsAlert.received(failure);
        if (alert.isPresent() && alert.get().refusesCertificate()) {
            String words = alert.get().refusalCause();
            if (alert.get() == TlsAlert.CERTIFICATE_UNKNOWN && ours != null && outOfDate(ours)) {
                words = "expired (ours is not valid now: " + ours.getNotBefore().toInstant() + " to "
                        + ours.getNotAfter().toInstant() + "; the host said only certificate_unknown)";
            }
            return Optional.of("host refused our certificate: " + words);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PeerRejectedException p) {
                String words = p.alert().refusesCertificate() ? p.alert().refusalCause() : p.reason().metricName();
                String detail = p.getMessage().replace('"', '\'');
                return Optional.of("we refuse the host's certificate: " + words + " ("
                        + (detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...") + ")");
            }
        }
        return Optional.empty();
    }

    private static boolean outOfDate(X509Certificate c) {
        try {
            c.checkValidity();
            return false;
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return true;
        }
    }
}
