package org.entropyfleet.certs.issue;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.entropyfleet.certs.ca.CaFactory;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.ca.KeyType;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.Crypto;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/** Signs leaf certificates: a new key every time, CN = NAME, EKUs by kind, SANs as requested. */
public final class LeafIssuer {
    private LeafIssuer() {
    }

    /** A signed leaf and its key. {@link #toString()} leaves the key out. */
    public record Issued(X509Certificate cert, PrivateKey key) {
        @Override
        public String toString() {
            return "Issued[" + cert.getSubjectX500Principal() + ", serial " + cert.getSerialNumber().toString(16) + "]";
        }
    }

    public static Issued issue(CertificateAuthority ca, LeafSpec spec, BigInteger serial) {
        KeyPair kp = spec.keyType().generate();
        Instant now = Instant.now();
        Instant notAfter = now.plus(Duration.ofDays(spec.days()));
        if (notAfter.isAfter(ca.cert().getNotAfter().toInstant())) {
            // a leaf outliving its CA would fail verification on its last days with a confusing error
            notAfter = ca.cert().getNotAfter().toInstant();
        }
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.name()).build();
            X500Name issuer = X500Name.getInstance(ca.cert().getSubjectX500Principal().getEncoded());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            // digitalSignature for (EC)DHE handshakes; keyEncipherment only matters for RSA key transport
            int usage = KeyUsage.digitalSignature | (spec.keyType() == KeyType.RSA_3072 ? KeyUsage.keyEncipherment : 0);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(now.minus(CaFactory.BACKDATE)), Date.from(notAfter), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(spec.kind().extendedKeyUsages().toArray(KeyPurposeId[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
            if (!spec.sans().isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                        spec.sans().stream().map(SubjectAltName::toGeneralName).toArray(GeneralName[]::new)));
            }
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(b.build(ca.signer()));
            return new Issued(cert, kp.getPrivate());
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw CertsException.runtime("cannot sign certificate for " + spec.name() + ": " + e.getMessage(), e);
        }
    }
}
