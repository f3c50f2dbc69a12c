package org.entropyfleet.certs.crl;

import java.util.ArrayList;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.Crypto;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.HexCounter;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Signs one CRL per trusted CA ({@code ca/crl.pem}, {@code ca/previous/crl.pem}) and publishes their
 * concatenation as {@code ca.crl}: TLS stacks that check revocation need the CRL of whichever CA issued
 * the peer's certificate, and during a rotation that can be either.
 */
public final class CrlPublisher {
    public static final Duration DEFAULT_NEXT_UPDATE = Duration.ofDays(7);
    /** thisUpdate is backdated like certificates so a peer with a slow clock does not see a "future" CRL. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    private CrlPublisher() {
    }

    /** Stages every CA's CRL and the combined {@code ca.crl}; returns the CRLs (current CA first). */
    public static List<X509CRL> stageAll(PkiLayout layout, FileBatch batch, List<CertificateAuthority> cas,
                                         CertIndex index, Duration nextUpdate) {
        StringBuilder combined = new StringBuilder();
        List<X509CRL> crls = new ArrayList<>();
        for (CertificateAuthority ca : cas) {
            X509CRL crl = stage(batch, ca, index.revokedBy(ca.keyId()), nextUpdate);
            crls.add(crl);
            combined.append(Pem.crl(crl));
        }
        batch.write(layout.crl(), combined.toString(), false);
        return crls;
    }

    private static X509CRL stage(FileBatch batch, CertificateAuthority ca, List<IndexEntry> revoked, Duration nextUpdate) {
        var numberFile = PkiLayout.crlNumber(ca.dir());
        // a missing counter means a CA that never published (fresh init-ca); numbering starts at 1
        BigInteger number = Files.exists(numberFile) ? HexCounter.read(numberFile) : BigInteger.ONE;
        batch.write(numberFile, HexCounter.format(number.add(BigInteger.ONE)), false);
        Instant now = Instant.now();
        try {
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca.cert(), Date.from(now.minus(BACKDATE)));
            b.setNextUpdate(Date.from(now.plus(nextUpdate)));
            for (IndexEntry e : revoked) {
                b.addCRLEntry(e.serial(), Date.from(e.revokedAt()), RevocationReason.fromKeyword(e.reason()).code());
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.cert()));
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            X509CRL crl = new JcaX509CRLConverter().setProvider(Crypto.BC).getCRL(b.build(ca.signer()));
            batch.write(PkiLayout.caCrl(ca.dir()), Pem.crl(crl), false);
            return crl;
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw CertsException.runtime("cannot sign CRL for " + ca.subject() + ": " + e.getMessage(), e);
        }
    }
}
