package org.entropyfleet.certs.crl;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.PkiLayout;

import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;

/**
 * The files agents load as tls.ca and tls.crl ({@code ca-bundle.pem}, {@code ca.crl}): every command that
 * changes which CAs are trusted or what is revoked rewrites both together, in one batch, so they never
 * disagree about the CAs they cover.
 */
public final class TrustFiles {
    private TrustFiles() {
    }

    /**
     * Stages the bundle and the CRLs of {@code cas} (current CA first) into {@code batch}, then commits
     * the batch with whatever the caller staged before. Returns the CRLs in the order of {@code cas}.
     */
    public static List<X509CRL> publish(PkiLayout layout, FileBatch batch, List<CertificateAuthority> cas,
                                        CertIndex index, Duration nextUpdate) {
        CaStore.stageBundle(layout, batch, cas);
        List<X509CRL> crls = CrlPublisher.stageAll(layout, batch, cas, index, nextUpdate);
        batch.commit();
        return crls;
    }
}
