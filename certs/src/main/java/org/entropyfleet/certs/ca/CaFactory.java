package org.entropyfleet.certs.ca;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.Crypto;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Makes self-signed CA certificates: one for {@code init-ca}, one per {@code rotate-ca}. */
public final class CaFactory {
    public static final String DEFAULT_CN = "entropy-fleet CA";
    public static final int DEFAULT_DAYS = 3650;
    /** Certificates start slightly in the past so hosts with a lagging clock accept them at once. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final Pattern GENERATION = Pattern.compile("(.*) G(\\d{1,6})");

    private CaFactory() {
    }

    /** A fresh CA: new key of {@code type}, self-signed, pathLen 0 (it only signs leaves). */
    public static CertificateAuthority create(Path dir, KeyType type, String cn, int days) {
        KeyPair kp = type.generate();
        try {
            Instant now = Instant.now();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
            BigInteger serial = new BigInteger(63, Crypto.RANDOM).add(BigInteger.ONE);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(Duration.ofDays(days))), subject, kp.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(kp.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(
                    b.build(new JcaContentSignerBuilder(type.signatureAlgorithm()).setProvider(Crypto.BC).build(kp.getPrivate())));
            return new CertificateAuthority(dir, cert, kp.getPrivate());
        } catch (Exception e) {
            throw CertsException.runtime("cannot create CA certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Subject CN of the successor CA: "X G2" after "X", "X G3" after "X G2". Distinct subjects keep
     * issuer lookup unambiguous for TLS stacks that match by name before key identifier.
     */
    public static String successorCn(String currentCn) {
        Matcher m = GENERATION.matcher(currentCn);
        if (m.matches()) {
            return m.group(1) + " G" + (Long.parseLong(m.group(2)) + 1);
        }
        return currentCn + " G2";
    }

    /** The CN attribute of a CA subject, for {@link #successorCn(String)}. */
    public static String commonName(X509Certificate cert) {
        X500Name name = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        var rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? DEFAULT_CN : rdns[0].getFirst().getValue().toString();
    }
}
