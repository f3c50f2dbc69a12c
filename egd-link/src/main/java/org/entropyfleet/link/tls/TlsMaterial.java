package org.entropyfleet.link.tls;

import org.entropyfleet.link.config.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * One consistent, validated snapshot of the TLS files: our chain and key, the trust manager built
 * from the CA bundle and CRL. Loading either succeeds completely or throws naming the bad file, so a
 * reload can never leave a half-updated context behind.
 */
record TlsMaterial(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas, List<X509CRL> crls,
                   List<X509Certificate> crlIssuers, int crlRollbacksRefused, PeerTrustManager trust) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

    /** Upper bound on CA certificates in one bundle. */
    static final int MAX_CAS = 1_000;

    /**
     * The type of key store Netty puts our key and chain into on their way to the key manager (in memory,
     * never written). Not the JDK's default, PKCS12: it protects the key entry with PBKDF2 at 10,000
     * iterations, once to put the key in and once to take it out — ~0.4 s of CPU at every start and reload
     * on a small host, a third of a host-agent's start-up before it listens, protecting nothing (the
     * password is empty, the key sits in memory beside it). JKS's key protection costs microseconds.
     */
    static final String KEY_STORE_TYPE = "JKS";

    /** Remembers the CRLs in use as the newest seen (after this material was adopted). */
    void recordCrls(CrlHistory history) {
        for (int i = 0; i < crls.size(); i++) {
            history.record(crls.get(i), crlIssuers.get(i));
        }
    }

    /** CRLs in use that are past their nextUpdate, described for health reports. */
    List<String> expiredCrls(Instant now) {
        List<String> out = new ArrayList<>();
        for (X509CRL crl : crls) {
            if (crl.getNextUpdate() != null && crl.getNextUpdate().toInstant().isBefore(now)) {
                out.add("CRL of '" + crl.getIssuerX500Principal().getName() + "' expired at "
                        + crl.getNextUpdate().toInstant());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        // Never print the private key.
        return "TlsMaterial[leaf=" + PeerTrustManager.describe(chain.get(0)) + ", cas=" + cas.size()
                + ", crls=" + crls.size() + "]";
    }

    static TlsMaterial load(TlsConfig cfg) throws TlsConfigException {
        return load(cfg, CrlHistory.inMemory());
    }

    /**
     * @param history the newest CRL seen per CA: a CRL file older than that is refused and the newest
     *                one is used instead. Not updated here; the caller records the material it adopts.
     */
    static TlsMaterial load(TlsConfig cfg, CrlHistory history) throws TlsConfigException {
        List<X509Certificate> chain = PemFiles.certificates(cfg.cert(), "certificate chain");
        X509Certificate leaf = chain.get(0);
        if (leaf.getBasicConstraints() >= 0) {
            throw new TlsConfigException(cfg.cert(), "first certificate must be the leaf, found a CA certificate "
                    + PeerTrustManager.describe(leaf));
        }
        PrivateKey key = PemFiles.privateKey(cfg.key());
        PemFiles.checkKeyMatches(cfg.key(), key, leaf);
        if (leaf.getNotAfter().before(new Date())) {
            // Not fatal: refusing to start would not help, peers will say "expired" themselves.
            LOG.warn("event=tls-certificate-expired file={} not-after={}", cfg.cert(), leaf.getNotAfter().toInstant());
        }

        List<X509Certificate> cas = PemFiles.certificates(cfg.ca(), "CA bundle");
        if (cas.size() > MAX_CAS) {
            throw new TlsConfigException(cfg.ca(), cas.size() + " certificates, more than the " + MAX_CAS + " allowed");
        }
        for (X509Certificate ca : cas) {
            if (ca.getBasicConstraints() < 0) {
                throw new TlsConfigException(cfg.ca(), "not a CA certificate: " + PeerTrustManager.describe(ca));
            }
        }

        List<X509CRL> crls = new ArrayList<>();
        List<X509Certificate> crlIssuers = new ArrayList<>();
        int rollbacks = 0;
        if (cfg.crl() != null) {
            for (X509CRL crl : PemFiles.crls(cfg.crl())) {
                if (!hasCaNamed(crl, cas)) {
                    // A CRL of a CA that left the bundle (retired) can only name certificates we no longer
                    // trust anyway; ignoring it lets operators retire a CA without editing the CRL file.
                    LOG.warn("event=tls-crl-ignored reason=\"its CA is not in the bundle\" file={} issuer=\"{}\"",
                            cfg.crl(), crl.getIssuerX500Principal().getName());
                    continue;
                }
                X509Certificate issuer = signerOf(crl, cas);
                if (issuer == null) {
                    throw new TlsConfigException(cfg.crl(), "CRL of '" + crl.getIssuerX500Principal().getName()
                            + "' has a signature no CA of that name in " + cfg.ca() + " made");
                }
                X509CRL use = history.newestOf(crl, issuer);
                if (use != crl) {
                    rollbacks++;
                    LOG.error("event=crl-rollback-refused file={} issuer='{}' file-crl-number={} newest-seen={} "
                                    + "note=\"an older CRL could un-revoke certificates; keeping the newest seen\"",
                            cfg.crl(), crl.getIssuerX500Principal().getName(), CrlHistory.number(crl),
                            CrlHistory.number(use));
                }
                crls.add(use);
                crlIssuers.add(issuer);
                if (use.getNextUpdate() != null && use.getNextUpdate().toInstant().isBefore(Instant.now())) {
                    LOG.warn("event=crl-expired file={} issuer='{}' nextUpdate={} crl-expired={}", cfg.crl(),
                            use.getIssuerX500Principal().getName(), use.getNextUpdate().toInstant(),
                            cfg.refuseOnExpiredCrl() ? "refuse (its CA's certificates are refused)" : "warn (still used)");
                }
            }
        }
        try {
            return new TlsMaterial(key, List.copyOf(chain), List.copyOf(cas), List.copyOf(crls), List.copyOf(crlIssuers),
                    rollbacks, new PeerTrustManager(cas, crls, crlIssuers, cfg.refuseOnExpiredCrl()));
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(cfg.ca(), "cannot build a trust manager: " + e.getMessage(), e);
        }
    }

    private static boolean hasCaNamed(X509CRL crl, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                return true;
            }
        }
        return false;
    }

    private static X509Certificate signerOf(X509CRL crl, List<X509Certificate> cas) {
        for (X509Certificate ca : cas) {
            if (!ca.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                continue;
            }
            try {
                crl.verify(ca.getPublicKey());
                return ca;
            } catch (GeneralSecurityException e) {
                // same name, other key: keep looking
            }
        }
        return null;
    }
}
