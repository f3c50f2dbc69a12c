package org.entropyfleet.link.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict PEM readers for the TLS files. Every error is a {@link TlsConfigException} naming the file;
 * key material never appears in messages.
 */
final class PemFiles {

    /** TLS files are small; anything bigger is a mistake (a log file, a disk image) and is refused. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Smallest RSA modulus we accept, for our key and for peers'. */
    static final int MIN_RSA_BITS = 2048;
    /** EC curves we accept, for our key and for peers'. */
    static final List<String> ALLOWED_CURVES = List.of("secp256r1", "secp384r1");

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private PemFiles() {
    }

    record Block(String type, byte[] der) {
    }

    static List<X509Certificate> certificates(Path file, String what) throws TlsConfigException {
        List<X509Certificate> certs = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (!b.type().equals("CERTIFICATE") && !b.type().equals("TRUSTED CERTIFICATE")) {
                throw new TlsConfigException(file, "unexpected PEM block '" + b.type() + "' in " + what);
            }
            try {
                certs.add((X509Certificate) factory().generateCertificate(new ByteArrayInputStream(b.der())));
            } catch (CertificateException e) {
                throw new TlsConfigException(file, "malformed certificate #" + (certs.size() + 1) + " in " + what
                        + ": " + e.getMessage(), e);
            }
        }
        if (certs.isEmpty()) {
            throw new TlsConfigException(file, "no PEM CERTIFICATE found in " + what);
        }
        return certs;
    }

    static List<X509CRL> crls(Path file) throws TlsConfigException {
        List<X509CRL> crls = new ArrayList<>();
        for (Block b : blocks(file)) {
            if (!b.type().equals("X509 CRL")) {
                throw new TlsConfigException(file, "unexpected PEM block '" + b.type() + "' in CRL file");
            }
            try {
                crls.add((X509CRL) factory().generateCRL(new ByteArrayInputStream(b.der())));
            } catch (CRLException | CertificateException e) {
                throw new TlsConfigException(file, "malformed CRL #" + (crls.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        if (crls.isEmpty()) {
            throw new TlsConfigException(file, "no PEM X509 CRL found");
        }
        return crls;
    }

    /** Reads a PKCS#8 PEM key and checks it is strong enough. */
    static PrivateKey privateKey(Path file) throws TlsConfigException {
        List<Block> blocks = blocks(file);
        if (blocks.size() != 1) {
            throw new TlsConfigException(file, "expected exactly one PEM block, found " + blocks.size());
        }
        Block b = blocks.get(0);
        if (!b.type().equals("PRIVATE KEY")) {
            throw new TlsConfigException(file, "expected an unencrypted PKCS#8 key ('BEGIN PRIVATE KEY'), found '"
                    + b.type() + "' (convert with: openssl pkcs8 -topk8 -nocrypt -in OLD -out NEW)");
        }
        PrivateKey key = null;
        for (String alg : List.of("EC", "RSA")) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(b.der()));
                break;
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new TlsConfigException(file, "not an EC or RSA PKCS#8 private key");
        }
        String weak = weakness(key);
        if (weak != null) {
            throw new TlsConfigException(file, "key too weak: " + weak);
        }
        return key;
    }

    /** Proves the key belongs to the certificate by signing and verifying a challenge. */
    static void checkKeyMatches(Path keyFile, PrivateKey key, X509Certificate leaf) throws TlsConfigException {
        PublicKey pub = leaf.getPublicKey();
        if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
            throw new TlsConfigException(keyFile, "key is " + key.getAlgorithm() + " but the certificate's is "
                    + pub.getAlgorithm());
        }
        String alg = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] challenge = "entropy-fleet key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(challenge);
            if (!v.verify(sig)) {
                throw new TlsConfigException(keyFile, "key does not match the certificate's public key");
            }
        } catch (GeneralSecurityException e) {
            throw new TlsConfigException(keyFile, "key does not match the certificate: " + e.getMessage(), e);
        }
    }

    /** Null if the key is EC P-256/P-384 or RSA ≥ 2048, else a description of the problem. */
    static String weakness(java.security.Key key) {
        if (key instanceof RSAKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits >= MIN_RSA_BITS ? null : "RSA " + bits + " bits (need ≥ " + MIN_RSA_BITS + ")";
        }
        if (key instanceof ECKey ec) {
            for (String curve : ALLOWED_CURVES) {
                if (sameCurve(ec.getParams(), curve)) {
                    return null;
                }
            }
            return "EC curve of " + ec.getParams().getCurve().getField().getFieldSize()
                    + " bits is not one of " + ALLOWED_CURVES;
        }
        return "algorithm " + key.getAlgorithm() + " (need EC P-256/P-384 or RSA ≥ " + MIN_RSA_BITS + ")";
    }

    private static boolean sameCurve(ECParameterSpec have, String name) {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec(name));
            ECParameterSpec want = p.getParameterSpec(ECParameterSpec.class);
            return want.getCurve().equals(have.getCurve()) && want.getGenerator().equals(have.getGenerator())
                    && want.getOrder().equals(have.getOrder()) && want.getCofactor() == have.getCofactor();
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static List<Block> blocks(Path file) throws TlsConfigException {
        String text;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsConfigException(file, "file is " + size + " bytes, more than the " + MAX_FILE_BYTES + " allowed");
            }
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(file, "no such file");
        } catch (IOException e) {
            throw new TlsConfigException(file, "cannot read: " + e, e);
        }
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        int blockIndex = 0;
        while (m.find()) {
            blockIndex++;
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(file, "PEM block #" + blockIndex + " ('" + m.group(1) + "') has bad base64");
            }
        }
        if (out.isEmpty() && text.contains("-----BEGIN")) {
            throw new TlsConfigException(file, "truncated or malformed PEM (BEGIN without matching END)");
        }
        if (out.isEmpty()) {
            throw new TlsConfigException(file, "no PEM data");
        }
        return out;
    }

    private static CertificateFactory factory() throws CertificateException {
        return CertificateFactory.getInstance("X.509");
    }
}
