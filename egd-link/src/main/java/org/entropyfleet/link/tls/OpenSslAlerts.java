package org.entropyfleet.link.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.internal.tcnative.CertificateVerifier;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLEngine;

/**
 * Makes BoringSSL send the alert a refusal calls for. Netty's OpenSSL engine turns a trust manager's
 * exception into an X509_V_ERR code and BoringSSL picks the alert from that code
 * ({@code SSL_alert_from_verify_result}); for anything it does not recognise Netty passes
 * X509_V_ERR_UNSPECIFIED, which goes out as {@code internal_error}. An {@link OpenSslCertificateException}
 * names the code outright; our {@link PeerRejectedException} stays its cause, so the refusal is still
 * classified by reason.
 *
 * <p>The JDK engine cannot be steered: JDK 17's server side sends {@code certificate_unknown} for every
 * exception from a trust manager ({@code CertificateMessage.checkClientCerts}). There is no X509_V_ERR
 * code that BoringSSL maps to {@code access_denied}, so no engine can send it from here.
 */
final class OpenSslAlerts {

    private OpenSslAlerts() {
    }

    /** The exception to throw to {@code engine} for {@code refusal}. */
    static CertificateException forEngine(PeerRejectedException refusal, SSLEngine engine) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine)) {
            return refusal;
        }
        return new OpenSslCertificateException(refusal.getMessage(), refusal, verifyError(refusal.alert()));
    }

    /** An X509_V_ERR code BoringSSL maps to {@code alert}; bad_certificate where none does. */
    static int verifyError(TlsAlert alert) {
        return switch (alert) {
            case CERTIFICATE_EXPIRED -> CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
            case CERTIFICATE_REVOKED -> CertificateVerifier.X509_V_ERR_CERT_REVOKED;
            case UNKNOWN_CA, CERTIFICATE_REQUIRED -> CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            case UNSUPPORTED_CERTIFICATE -> CertificateVerifier.X509_V_ERR_INVALID_PURPOSE;
            default -> CertificateVerifier.X509_V_ERR_CERT_REJECTED;
        };
    }
}
