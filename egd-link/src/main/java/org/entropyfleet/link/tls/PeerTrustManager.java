package org.entropyfleet.link.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Verifies peers against one snapshot of the CA bundle and CRL.
 *
 * <p>Why our own class rather than a {@code PKIXRevocationChecker}: BoringSSL calls back into a Java
 * trust manager, so a plain {@code X509ExtendedTrustManager} works with both engines, and checking the
 * parsed CRL ourselves means a reloaded CRL takes effect without JDK-wide CRL caches or network
 * fetches. Order of checks: validity dates (reason {@code expired}), key strength and the JDK's PKIX
 * path validation including host name checks on the client side ({@code untrusted}), then the CRL
 * ({@code revoked}). Instances are immutable; a reload builds a new one.
 */
final class PeerTrustManager extends X509ExtendedTrustManager {

    /** authType for re-checking live connections, where the handshake's key-exchange type is gone. */
    private static final String RECHECK_AUTH_TYPE = "UNKNOWN";

    private final X509ExtendedTrustManager pkix;
    private final List<X509CRL> crls;
    private final List<X509Certificate> crlIssuers;
    private final boolean refuseOnExpiredCrl;

    /**
     * @param crlIssuers         the CA that signed each CRL, same order as {@code crls}
     * @param refuseOnExpiredCrl refuse certificates whose CA's CRL is past its nextUpdate (fail closed)
     */
    PeerTrustManager(List<X509Certificate> cas, List<X509CRL> crls, List<X509Certificate> crlIssuers,
                     boolean refuseOnExpiredCrl) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        X509ExtendedTrustManager found = null;
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                found = x;
            }
        }
        if (found == null) {
            throw new GeneralSecurityException("no X509ExtendedTrustManager from PKIX TrustManagerFactory");
        }
        this.pkix = found;
        this.crls = List.copyOf(crls);
        this.crlIssuers = List.copyOf(crlIssuers);
        this.refuseOnExpiredCrl = refuseOnExpiredCrl;
    }

    /** Re-validates a client chain seen earlier (after a CA bundle or CRL reload). */
    void recheckClient(X509Certificate[] chain) throws PeerRejectedException {
        precheck(chain);
        try {
            pkix.checkClientTrusted(chain, RECHECK_AUTH_TYPE);
        } catch (CertificateException e) {
            throw untrusted(chain, e);
        }
        checkRevocation(chain);
    }

    /**
     * Dates and CRL only (microseconds, no path building). Run after every handshake because a
     * resumed TLS session skips the trust manager, yet its certificate may have expired or been
     * revoked since the session was first established.
     */
    void quickRecheck(X509Certificate[] chain) throws PeerRejectedException {
        precheck(chain);
        checkRevocation(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, engine, () -> pkix.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, engine, () -> pkix.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, null, () -> pkix.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, null, () -> pkix.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, null, () -> pkix.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, null, () -> pkix.checkServerTrusted(chain, authType));
    }

    /** One of the JDK PKIX trust manager's overloads: path building against the current bundle. */
    @FunctionalInterface
    private interface PkixCheck {
        void run() throws CertificateException;
    }

    /**
     * Every overload checks the same way: dates and key first, then the path, then the CRL. A refusal
     * goes to the engine in the form that makes it send the matching alert.
     */
    private void verify(X509Certificate[] chain, SSLEngine engine, PkixCheck pkixCheck) throws CertificateException {
        try {
            precheck(chain);
            try {
                pkixCheck.run();
            } catch (CertificateException e) {
                throw untrusted(chain, e);
            }
            checkRevocation(chain);
        } catch (PeerRejectedException refused) {
            throw OpenSslAlerts.forEngine(refused, engine);
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    private static void precheck(X509Certificate[] chain) throws PeerRejectedException {
        if (chain == null || chain.length == 0) {
            throw new PeerRejectedException(RefusalReason.NO_CLIENT_CERT, "peer sent no certificate");
        }
        for (X509Certificate c : chain) {
            try {
                c.checkValidity();
            } catch (CertificateExpiredException e) {
                throw new PeerRejectedException(RefusalReason.EXPIRED, "certificate " + describe(c)
                        + " expired " + c.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new PeerRejectedException(RefusalReason.EXPIRED, "certificate " + describe(c)
                        + " not valid before " + c.getNotBefore().toInstant());
            }
        }
        String weak = PemFiles.weakness(chain[0].getPublicKey());
        if (weak != null) {
            throw new PeerRejectedException(RefusalReason.UNTRUSTED, "certificate " + describe(chain[0])
                    + " has a weak key: " + weak);
        }
    }

    private void checkRevocation(X509Certificate[] chain) throws PeerRejectedException {
        for (X509Certificate c : chain) {
            for (int i = 0; i < crls.size(); i++) {
                X509CRL crl = crls.get(i);
                if (!crl.getIssuerX500Principal().equals(c.getIssuerX500Principal())) {
                    continue;
                }
                if (refuseOnExpiredCrl && crl.getNextUpdate() != null && crl.getNextUpdate().before(new java.util.Date())) {
                    throw new PeerRejectedException(RefusalReason.CRL_EXPIRED, "certificate " + describe(c)
                            + ": the CRL of its CA expired at " + crl.getNextUpdate().toInstant()
                            + " and tls.crl-expired is refuse");
                }
                if (!crl.isRevoked(c)) {
                    continue;
                }
                // Same issuer name is not enough (a re-keyed CA may reuse its name): the CRL's signer
                // must also be the key that signed this certificate. Only paid for listed serials.
                try {
                    c.verify(crlIssuers.get(i).getPublicKey());
                } catch (GeneralSecurityException e) {
                    continue;
                }
                throw new PeerRejectedException(RefusalReason.REVOKED, "certificate " + describe(c)
                        + " is revoked by the CRL of " + crl.getIssuerX500Principal().getName());
            }
        }
    }

    private static PeerRejectedException untrusted(X509Certificate[] chain, CertificateException e) {
        if (e instanceof PeerRejectedException p) {
            return p;
        }
        String message = "certificate " + describe(chain[0]) + " issued by '"
                + chain[0].getIssuerX500Principal().getName() + "': " + e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return new PeerRejectedException(RefusalReason.EXPIRED, message, e);
            }
            // No path to any CA of the bundle: the peer's CA is not one we know (a stale or foreign bundle).
            if (t instanceof CertPathBuilderException || (t instanceof CertPathValidatorException v
                    && v.getReason() == PKIXReason.NO_TRUST_ANCHOR)) {
                return new PeerRejectedException(RefusalReason.UNTRUSTED, TlsAlert.UNKNOWN_CA, message, e);
            }
        }
        return new PeerRejectedException(RefusalReason.UNTRUSTED, message, e);
    }

    static String describe(X509Certificate c) {
        return "'" + c.getSubjectX500Principal().getName() + "' serial " + c.getSerialNumber().toString(16);
    }
}
