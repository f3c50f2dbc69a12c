package org.entropyfleet.link.tls;

import java.security.cert.CertificateException;

/** Thrown by our trust manager; carries the reason so metrics and the refusal log line can name it. */
public final class PeerRejectedException extends CertificateException {

    private final RefusalReason reason;

    public PeerRejectedException(RefusalReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PeerRejectedException(RefusalReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public RefusalReason reason() {
        return reason;
    }
}
