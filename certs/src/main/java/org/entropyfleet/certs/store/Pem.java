package org.entropyfleet.certs.store;

import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.entropyfleet.certs.cli.CertsException;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading and writing the PEM files of the layout. Every read error names the file and says what was
 * expected, because a corrupt or swapped file is the most common cause of TLS outages.
 */
public final class Pem {
    /** PBKDF2 rounds for an encrypted CA key: slow enough to resist guessing, fast enough for a CLI. */
    public static final int KEY_ENCRYPTION_ITERATIONS = 200_000;

    private Pem() {
    }

    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> out = new ArrayList<>();
        for (Object o : readObjects(file)) {
            if (o instanceof X509CertificateHolder h) {
                try {
                    out.add(new JcaX509CertificateConverter().setProvider(Crypto.BC).getCertificate(h));
                } catch (Exception e) {
                    throw CertsException.config(file + ": corrupt PEM certificate: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw CertsException.config(file + ": no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        return out;
    }

    public static X509Certificate readCertificate(Path file) {
        return readCertificates(file).get(0);
    }

    public static List<X509CRL> readCrls(Path file) {
        List<X509CRL> out = new ArrayList<>();
        for (Object o : readObjects(file)) {
            if (o instanceof X509CRLHolder h) {
                try {
                    out.add(new JcaX509CRLConverter().setProvider(Crypto.BC).getCRL(h));
                } catch (Exception e) {
                    throw CertsException.config(file + ": corrupt PEM CRL: " + e.getMessage(), e);
                }
            }
        }
        if (out.isEmpty()) {
            throw CertsException.config(file + ": no PEM CRL found (expected -----BEGIN X509 CRL-----)");
        }
        return out;
    }

    /** True when the file holds an encrypted private key (PKCS#8 or legacy OpenSSL). */
    public static boolean isEncryptedKey(Path file) {
        Object o = readObjects(file).stream().findFirst().orElse(null);
        return o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair;
    }

    /**
     * Reads a private key in any of the PEM forms in the wild: PKCS#8, PKCS#1 RSA / SEC1 EC
     * ("BEGIN RSA PRIVATE KEY", Puppet's format) and both encrypted variants.
     *
     * @param passphrase needed only for encrypted keys; {@code null} otherwise
     */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) {
        List<Object> objects = readObjects(file);
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(Crypto.BC);
        for (Object o : objects) {
            try {
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return conv.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                    requirePassphrase(file, passphrase);
                    PrivateKeyInfo info;
                    try {
                        info = enc.decryptPrivateKeyInfo(
                                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.BC).build(passphrase));
                        return conv.getPrivateKey(info);
                    } catch (Exception e) {
                        throw wrongPassphrase(file, e);
                    }
                }
                if (o instanceof PEMEncryptedKeyPair enc) {
                    requirePassphrase(file, passphrase);
                    try {
                        return conv.getKeyPair(enc.decryptKeyPair(
                                new JcePEMDecryptorProviderBuilder().setProvider(Crypto.BC).build(passphrase))).getPrivate();
                    } catch (Exception e) {
                        throw wrongPassphrase(file, e);
                    }
                }
            } catch (CertsException e) {
                throw e;
            } catch (Exception e) {
                throw CertsException.config(file + ": corrupt private key: " + e.getMessage(), e);
            }
        }
        throw CertsException.config(file + ": no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
    }

    private static void requirePassphrase(Path file, char[] passphrase) {
        if (passphrase == null) {
            throw CertsException.config(file + ": key is encrypted; pass --passphrase-file FILE");
        }
    }

    private static CertsException wrongPassphrase(Path file, Exception cause) {
        return CertsException.config(file + ": wrong passphrase (cannot decrypt the key)", cause);
    }

    private static List<Object> readObjects(Path file) {
        List<Object> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o;
            while ((o = p.readObject()) != null) {
                out.add(o);
            }
        } catch (NoSuchFileException e) {
            throw CertsException.config(file + ": file not found");
        } catch (IOException | RuntimeException e) {
            throw CertsException.config(file + ": corrupt PEM: " + e.getMessage(), e);
        }
        return out;
    }

    public static String certificates(List<X509Certificate> certs) {
        return encode(certs.toArray());
    }

    public static String certificate(X509Certificate cert) {
        return encode(cert);
    }

    public static String crl(X509CRL crl) {
        return encode(crl);
    }

    /** PKCS#8 PEM ("BEGIN PRIVATE KEY"), or "BEGIN ENCRYPTED PRIVATE KEY" (PBKDF2-SHA256 + AES-256-CBC) with a passphrase. */
    public static String privateKey(PrivateKey key, char[] passphrase) {
        try {
            OutputEncryptor enc = null;
            if (passphrase != null) {
                enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(Crypto.BC)
                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(KEY_ENCRYPTION_ITERATIONS)
                        .setRandom(Crypto.RANDOM)
                        .setPassword(passphrase)
                        .build();
            }
            return encode(new JcaPKCS8Generator(key, enc).generate());
        } catch (Exception e) {
            throw CertsException.runtime("cannot encode private key: " + e.getMessage(), e);
        }
    }

    private static String encode(Object... objects) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (Object o : objects) {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw CertsException.runtime("cannot encode PEM: " + e.getMessage(), e);
        }
        return sw.toString();
    }
}
