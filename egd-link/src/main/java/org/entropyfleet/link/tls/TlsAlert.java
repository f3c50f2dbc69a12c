package org.entropyfleet.link.tls;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS alerts (RFC 8446 §6.2) a peer sends when it refuses a certificate, and how each engine
 * reports one it received. Neither engine exposes the received alert as a value: the JDK says
 * {@code Received fatal alert: certificate_expired}, BoringSSL {@code SSLV3_ALERT_CERTIFICATE_EXPIRED}
 * or {@code TLSV1_ALERT_UNKNOWN_CA}; both spell the RFC name, which is what {@link #received} looks for.
 */
public enum TlsAlert {
    HANDSHAKE_FAILURE(40, "handshake_failure", null),
    BAD_CERTIFICATE(42, "bad_certificate", "bad certificate"),
    UNSUPPORTED_CERTIFICATE(43, "unsupported_certificate", "unsupported certificate"),
    CERTIFICATE_REVOKED(44, "certificate_revoked", "revoked"),
    CERTIFICATE_EXPIRED(45, "certificate_expired", "expired"),
    /** The JDK engine's only alert for any refusal by a trust manager: says nothing more. */
    CERTIFICATE_UNKNOWN(46, "certificate_unknown", "rejected, no reason given (certificate_unknown)"),
    UNKNOWN_CA(48, "unknown_ca", "unknown CA"),
    ACCESS_DENIED(49, "access_denied", "not allowed (access denied)"),
    INTERNAL_ERROR(80, "internal_error", null),
    /** TLS 1.3, no certificate sent: our key manager found none from a CA the host asked for. */
    CERTIFICATE_REQUIRED(116, "certificate_required", "unknown CA (none of ours is from a CA the host trusts)");

    /** JDK: "Received fatal alert: NAME"; BoringSSL: "SSLV3_ALERT_NAME", "TLSV1_ALERT_NAME", "TLSV1_NAME". */
    private static final Pattern RECEIVED = Pattern.compile(
            "received fatal alert: ([a-z_]+)|(?:sslv3|tlsv1)_(?:alert_)?([a-z_]+)");

    private final int code;
    private final String rfcName;
    private final String refusalCause;

    TlsAlert(int code, String rfcName, String refusalCause) {
        this.code = code;
        this.rfcName = rfcName;
        this.refusalCause = refusalCause;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    public String rfcName() {
        return rfcName;
    }

    /** True if a peer sends this alert to refuse the certificate we presented (or our lack of one). */
    public boolean refusesCertificate() {
        return refusalCause != null;
    }

    /** The refusal in words, "expired", "unknown CA"…; null for alerts that are not about certificates. */
    public String refusalCause() {
        return refusalCause;
    }

    /** The alert the peer sent, found in a handshake failure or read error from either engine. */
    public static Optional<TlsAlert> received(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            Matcher x = RECEIVED.matcher(m.toLowerCase(Locale.ROOT));
            while (x.find()) {
                String name = x.group(1) != null ? x.group(1) : x.group(2);
                for (TlsAlert a : values()) {
                    if (a.rfcName.equals(name)) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
