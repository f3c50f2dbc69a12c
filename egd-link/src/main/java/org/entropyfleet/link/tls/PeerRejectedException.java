package org.entropyfleet.link.tls;

import java.security.cert.CertificateException;

/**
 * Thrown by our trust manager and post-handshake checks; carries the reason so metrics and the refusal
 * log line can name it, and the alert the peer should be sent (see {@link OpenSslAlerts} for who can).
 */
public final class PeerRejectedException extends CertificateException {

    private final RefusalReason reason;
    private final TlsAlert alert;

    public PeerRejectedException(RefusalReason reason, String message) {
        this(reason, defaultAlert(reason), message, null);
    }

    public PeerRejectedException(RefusalReason reason, String message, Throwable cause) {
        this(reason, defaultAlert(reason), message, cause);
    }

    public PeerRejectedException(RefusalReason reason, TlsAlert alert, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.alert = alert;
    }

    public RefusalReason reason() {
        return reason;
    }

    /** What the refused peer should be told (RFC 8446 §6.2). */
    public TlsAlert alert() {
        return alert;
    }

    private static TlsAlert defaultAlert(RefusalReason reason) {
        return switch (reason) {
            case EXPIRED -> TlsAlert.CERTIFICATE_EXPIRED;
            case REVOKED -> TlsAlert.CERTIFICATE_REVOKED;
            case NOT_ALLOWED -> TlsAlert.ACCESS_DENIED;
            case NO_CLIENT_CERT -> TlsAlert.CERTIFICATE_REQUIRED;
            case UNTRUSTED -> TlsAlert.BAD_CERTIFICATE;
            default -> TlsAlert.CERTIFICATE_UNKNOWN;
        };
    }
}
