package org.entropyfleet.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Writes a Puppet agent ssldir the way Puppet lays it out: certs/ca.pem, certs/NODE.pem,
 * private_keys/NODE.pem as PKCS#1 ("BEGIN RSA PRIVATE KEY") and crl.pem, all real PEM made with
 * BouncyCastle. The node certificate carries serverAuth + clientAuth like Puppet's.
 */
final class FakePuppetSsldir {
    final Path root;
    final KeyPair caKeys;
    final X509Certificate ca;
    final KeyPair nodeKeys;
    final X509Certificate node;

    private FakePuppetSsldir(Path root, KeyPair caKeys, X509Certificate ca, KeyPair nodeKeys, X509Certificate node) {
        this.root = root;
        this.caKeys = caKeys;
        this.ca = ca;
        this.nodeKeys = nodeKeys;
        this.node = node;
    }

    static FakePuppetSsldir create(Path root, String certname) throws Exception {
        KeyPair caKeys = rsa();
        Instant now = Instant.now();
        X500Name caName = new X500Name("CN=Puppet CA: puppet.example.net");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(caName,
                BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(365))), caName, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
        KeyPair nodeKeys = rsa();
        X509Certificate node = issue(caKeys, ca, nodeKeys, certname, BigInteger.TWO);
        FakePuppetSsldir dir = new FakePuppetSsldir(root, caKeys, ca, nodeKeys, node);
        Files.createDirectories(root.resolve("certs"));
        Files.createDirectories(root.resolve("private_keys"));
        Files.writeString(root.resolve("certs/ca.pem"), pem(ca));
        Files.writeString(root.resolve("certs/" + certname + ".pem"), pem(node));
        Files.writeString(root.resolve("private_keys/" + certname + ".pem"), pem(nodeKeys.getPrivate()));
        dir.writeCrl(BigInteger.valueOf(99));
        return dir;
    }

    static X509Certificate issue(KeyPair caKeys, X509Certificate ca, KeyPair keys, String cn, BigInteger serial) throws Exception {
        Instant now = Instant.now();
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), serial, Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(300))), new X500Name("CN=" + cn), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, cn)))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())));
    }

    /** Rewrites crl.pem revoking {@code serial}. */
    void writeCrl(BigInteger serial) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new JcaX509v2CRLBuilder(ca, Date.from(now.minusSeconds(60)));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(5))));
        b.addCRLEntry(serial, Date.from(now.minusSeconds(30)), CRLReason.keyCompromise);
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
        b.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(BigInteger.valueOf(Instant.now().toEpochMilli())));
        Files.writeString(root.resolve("crl.pem"), pem(new JcaX509CRLConverter().getCRL(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(caKeys.getPrivate())))));
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static String pem(Object o) throws Exception {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(o);
        }
        return sw.toString();
    }
}
