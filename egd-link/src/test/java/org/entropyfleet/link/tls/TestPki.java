package org.entropyfleet.link.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A throw-away PKI for tests: one root CA (EC P-256) that issues host and client leaves and a CRL,
 * all written as PEM files into a directory. Nothing is checked in; every run makes fresh keys.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tmp);                       // tmp/ca.crt, tmp/ca.key
 * Path[] host = pki.issueHost("rng1.test", "localhost", "127.0.0.1", "::1");  // {crt, key}
 * Path[] client = pki.issueClient("client-vm1");
 * pki.revoke(client[0]);
 * Path crl = pki.writeCrl();                               // tmp/crl.pem
 * Path ca = pki.caBundle();                                // tmp/ca-bundle.pem (this CA only)
 * }</pre>
 *
 * <p>Keys are PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}) written with mode 0600. Files are replaced
 * atomically (write to a temporary file, then rename), so a reloading reader never sees half a file.
 * For several CAs, create one {@code TestPki} per directory and merge them with
 * {@link #writeBundle(Path, TestPki...)}.
 */
public final class TestPki {

    /** Default validity of issued leaves. */
    public static final Duration LEAF_VALIDITY = Duration.ofDays(30);
    /** Default validity of the CA. */
    public static final Duration CA_VALIDITY = Duration.ofDays(365);

    private static final String SIG_ALG = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String caName;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Path caCertFile;
    private final AtomicLong nextSerial = new AtomicLong(2);
    private final Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
    private final Map<Path, X509Certificate> issued = new LinkedHashMap<>();

    private TestPki(Path dir, String caName) throws IOException, GeneralSecurityException {
        this.dir = dir;
        this.caName = caName;
        this.caKeys = ecKeyPair("secp256r1");
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + caName + ",O=entropy-fleet test");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, BigInteger.ONE,
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject, caKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
        this.caCert = toCert(b.build(signer(caKeys.getPrivate())));
        this.caCertFile = dir.resolve("ca.crt");
        writeAtomically(caCertFile, pem("CERTIFICATE", caCert.getEncoded()), false);
        writeAtomically(dir.resolve("ca.key"), pem("PRIVATE KEY", caKeys.getPrivate().getEncoded()), true);
        writeAtomically(dir.resolve("ca-bundle.pem"), pem("CERTIFICATE", caCert.getEncoded()), false);
    }

    /** A new CA named "entropy-fleet test CA" whose files live in {@code dir} (created if missing). */
    public static TestPki create(Path dir) {
        return create(dir, "entropy-fleet test CA");
    }

    /** A new CA with the given common name; use a different name (and directory) for a second CA. */
    public static TestPki create(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
            return new TestPki(dir, caName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a bundle file holding the CA certificates of all given PKIs, in order. */
    public static Path writeBundle(Path file, TestPki... pkis) {
        StringBuilder sb = new StringBuilder();
        for (TestPki p : pkis) {
            sb.append(p.pemOf(p.caCert));
        }
        writeAtomically(file, sb.toString(), false);
        return file;
    }

    public Path dir() {
        return dir;
    }

    public String caName() {
        return caName;
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    /** PEM file with this CA's certificate only. */
    public Path caCert() {
        return caCertFile;
    }

    /** PEM bundle a verifier trusts: {@code dir/ca-bundle.pem}, initially this CA only. */
    public Path caBundle() {
        return dir.resolve("ca-bundle.pem");
    }

    /**
     * Host (server) certificate: EKU serverAuth, CN = name, SANs = name plus {@code sans}; an entry that
     * is an IP literal becomes an iPAddress SAN, anything else a dNSName. Returns {crt, key}.
     */
    public Path[] issueHost(String name, String... sans) {
        return issue(name, name, sans, KeyPurposeId.id_kp_serverAuth, validFor(LEAF_VALIDITY));
    }

    /** Client certificate: EKU clientAuth, CN = cn, plus optional SANs. Returns {crt, key}. */
    public Path[] issueClient(String cn, String... sans) {
        return issue(cn, cn, sans, KeyPurposeId.id_kp_clientAuth, validFor(LEAF_VALIDITY));
    }

    /** A client certificate that expired yesterday (valid from two days ago). Returns {crt, key}. */
    public Path[] issueExpiredClient(String cn) {
        Instant now = Instant.now();
        return issue(cn, cn, new String[0], KeyPurposeId.id_kp_clientAuth,
                new Instant[] {now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))});
    }

    /** A host certificate that expired yesterday. Returns {crt, key}. */
    public Path[] issueExpiredHost(String name, String... sans) {
        Instant now = Instant.now();
        return issue(name, name, sans, KeyPurposeId.id_kp_serverAuth,
                new Instant[] {now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))});
    }

    /** A host certificate valid only from tomorrow. Returns {crt, key}. */
    public Path[] issueNotYetValidHost(String name, String... sans) {
        Instant now = Instant.now();
        return issue(name, name, sans, KeyPurposeId.id_kp_serverAuth,
                new Instant[] {now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))});
    }

    /** A host certificate valid for {@code validity} from a minute ago. Returns {crt, key}. */
    public Path[] issueHostValidFor(Duration validity, String name, String... sans) {
        return issue(name, name, sans, KeyPurposeId.id_kp_serverAuth, validFor(validity));
    }

    /**
     * Client certificate whose key is RSA of the given size (e.g. 1024 to test weak-key rejection).
     * Returns {crt, key}.
     */
    public Path[] issueRsaClient(String cn, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return issueWith(cn, cn, new String[0], KeyPurposeId.id_kp_clientAuth, validFor(LEAF_VALIDITY),
                    g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate previously issued into {@code crt}. */
    public X509Certificate certificate(Path crt) {
        X509Certificate c = issued.get(crt.toAbsolutePath().normalize());
        if (c == null) {
            throw new IllegalArgumentException("not issued by " + caName + ": " + crt);
        }
        return c;
    }

    /** Marks the certificate in {@code crt} (issued by this CA) revoked; call {@link #writeCrl()} after. */
    public void revoke(Path crt) {
        revoke(certificate(crt).getSerialNumber());
    }

    /** Marks a serial revoked; call {@link #writeCrl()} after. */
    public synchronized void revoke(BigInteger serial) {
        revoked.putIfAbsent(serial, Instant.now().minusSeconds(60));
    }

    /** Path the CRL is written to: {@code dir/crl.pem}. */
    public Path crl() {
        return dir.resolve("crl.pem");
    }

    /** Writes (atomically replaces) {@code dir/crl.pem}, valid for a week, listing all revoked serials. */
    public synchronized Path writeCrl() {
        return writeCrl(Instant.now().plus(Duration.ofDays(7)));
    }

    /** As {@link #writeCrl()} with the given nextUpdate (in the past for an expired CRL). */
    public synchronized Path writeCrl(Instant nextUpdate) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new JcaX509v2CRLBuilder(caCert, Date.from(now.minusSeconds(120)));
            b.setNextUpdate(Date.from(nextUpdate));
            for (Map.Entry<BigInteger, Instant> e : revoked.entrySet()) {
                b.addCRLEntry(e.getKey(), Date.from(e.getValue()), CRLReason.keyCompromise);
            }
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCert));
            b.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(
                    BigInteger.valueOf(nextSerial.getAndIncrement())));
            X509CRLHolder holder = b.build(signer(caKeys.getPrivate()));
            X509CRL crl = new JcaX509CRLConverter().getCRL(holder);
            writeAtomically(crl(), pem("X509 CRL", crl.getEncoded()), false);
            return crl();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path[] issue(String fileBase, String cn, String[] sans, KeyPurposeId eku, Instant[] validity) {
        try {
            return issueWith(fileBase, cn, sans, eku, validity, ecKeyPair("secp256r1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized Path[] issueWith(String fileBase, String cn, String[] sans, KeyPurposeId eku,
                                          Instant[] validity, KeyPair keys) {
        try {
            BigInteger serial = BigInteger.valueOf(nextSerial.getAndIncrement()).shiftLeft(32)
                    .or(BigInteger.valueOf(RANDOM.nextInt() & 0x7fffffffL));
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial,
                    Date.from(validity[0]), Date.from(validity[1]),
                    new X500Name("CN=" + cn + ",O=entropy-fleet test"), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int usage = keys.getPublic().getAlgorithm().equals("RSA")
                    ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature;
            b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            List<GeneralName> names = new ArrayList<>();
            if (eku == KeyPurposeId.id_kp_serverAuth) {
                names.add(sanFor(cn));
            }
            for (String s : sans) {
                names.add(sanFor(s));
            }
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(new GeneralName[0])));
            }
            X509Certificate cert = toCert(b.build(signer(caKeys.getPrivate())));
            Path crt = dir.resolve(fileBase + ".crt");
            Path key = dir.resolve(fileBase + ".key");
            writeAtomically(crt, pem("CERTIFICATE", cert.getEncoded()), false);
            writeAtomically(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), true);
            issued.put(crt.toAbsolutePath().normalize(), cert);
            return new Path[] {crt, key};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant[] validFor(Duration d) {
        Instant now = Instant.now();
        return new Instant[] {now.minus(Duration.ofHours(1)), now.plus(d)};
    }

    private static GeneralName sanFor(String s) {
        return isIpLiteral(s) ? new GeneralName(GeneralName.iPAddress, s) : new GeneralName(GeneralName.dNSName, s);
    }

    private static boolean isIpLiteral(String s) {
        if (s.indexOf(':') >= 0) {
            return true;
        }
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static KeyPair ecKeyPair(String curve) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), RANDOM);
        return g.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder(SIG_ALG).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate toCert(X509CertificateHolder h) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(h);
    }

    private String pemOf(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM armour with 64-column base64, as openssl writes it. */
    public static String pem(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }

    /**
     * Replaces {@code file} via a temporary sibling and an atomic rename; keys get mode 0600 before any
     * byte is written.
     */
    public static void writeAtomically(Path file, String content, boolean secret) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
            Files.writeString(tmp, content, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
