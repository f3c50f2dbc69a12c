package org.entropyfleet.certs.ca;

import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.encoders.Hex;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.Crypto;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;

/**
 * One CA generation: its certificate and (when the command needs to sign) its private key, loaded from
 * a directory holding {@code ca.crt} and {@code ca.key}. {@link #toString()} never includes the key.
 */
public final class CertificateAuthority {
    private final Path dir;
    private final X509Certificate cert;
    private final PrivateKey key;

    CertificateAuthority(Path dir, X509Certificate cert, PrivateKey key) {
        this.dir = dir;
        this.cert = cert;
        this.key = key;
    }

    /** Loads {@code dir/ca.crt} and, if {@code withKey}, {@code dir/ca.key} (checking they belong together). */
    public static CertificateAuthority load(Path dir, boolean withKey, char[] passphrase) {
        Path crt = PkiLayout.caCert(dir);
        X509Certificate cert = Pem.readCertificate(crt);
        if (!withKey) {
            return new CertificateAuthority(dir, cert, null);
        }
        Path keyFile = PkiLayout.caKey(dir);
        if (!Files.exists(keyFile)) {
            throw CertsException.config(keyFile + ": CA key missing");
        }
        PrivateKey key = Pem.readPrivateKey(keyFile, passphrase);
        requireMatch(keyFile, crt, cert, key);
        return new CertificateAuthority(dir, cert, key);
    }

    /** Signs a challenge and verifies it with the certificate: works for every key type. */
    static void requireMatch(Path keyFile, Path crt, X509Certificate cert, PrivateKey key) {
        if (!keyMatches(cert, key)) {
            throw CertsException.config(keyFile + ": key does not belong to " + crt
                    + " (interrupted rotate-ca? wrong passphrase?)");
        }
    }

    public static boolean keyMatches(X509Certificate cert, PrivateKey key) {
        try {
            String alg = KeyType.of(key).signatureAlgorithm();
            byte[] challenge = new byte[32];
            Crypto.RANDOM.nextBytes(challenge);
            Signature s = Signature.getInstance(alg, Crypto.BC);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg, Crypto.BC);
            v.initVerify(cert.getPublicKey());
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException | CertsException e) {
            return false;
        }
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate cert() {
        return cert;
    }

    /** Lower-case hex subject key identifier: how index entries name their issuer. */
    public String keyId() {
        return keyIdOf(cert);
    }

    public static String keyIdOf(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        try {
            if (ext != null) {
                return Hex.toHexString(SubjectKeyIdentifier.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier());
            }
            return Hex.toHexString(new JcaX509ExtensionUtils().createSubjectKeyIdentifier(cert.getPublicKey()).getKeyIdentifier());
        } catch (GeneralSecurityException e) {
            throw CertsException.runtime("cannot compute key id: " + e.getMessage(), e);
        }
    }

    public String subject() {
        return cert.getSubjectX500Principal().getName();
    }

    /** The key itself, for writing it out once at creation; never log or print it. */
    PrivateKey privateKey() {
        return key;
    }

    public ContentSigner signer() {
        if (key == null) {
            throw new IllegalStateException("CA loaded without its key");
        }
        try {
            return new JcaContentSignerBuilder(KeyType.of(key).signatureAlgorithm()).setProvider(Crypto.BC).build(key);
        } catch (Exception e) {
            throw CertsException.runtime("cannot sign with " + PkiLayout.caKey(dir) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + subject() + ", keyId=" + keyId() + "]";
    }
}
