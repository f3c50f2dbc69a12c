package org.entropyfleet.certs.puppet;

import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.PassphraseOption;
import org.entropyfleet.certs.cli.PkiDirOption;
import org.entropyfleet.certs.issue.LeafName;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code certs import-puppet}: reuse the Puppet PKI instead of running our own CA. Sites with Puppet
 * already have a CA, a certificate per node and a CRL; the agents only need them in our layout.
 */
@Command(name = "import-puppet", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Use an existing Puppet CA and node certificate instead of the suite's own CA.",
        description = "Copies and converts a Puppet agent's certificates into the layout the agents use: "
                + "certs/ca.pem -> DIR/ca-bundle.pem, certs/NODE.pem -> DIR/issued/NODE.crt (and NODE-chain.pem), "
                + "private_keys/NODE.pem (PKCS#1 or PKCS#8) -> DIR/issued/NODE.key (PKCS#8, 0600), "
                + "crl.pem -> DIR/ca.crl. Checks that the key matches the certificate and that one of the CA "
                + "certificates signed it. Files whose content is unchanged are not rewritten (no needless "
                + "TLS reloads), so it is safe to run on every Puppet run. DIR must not hold a CA of its own.",
        footer = {"", "Examples:",
                "  certs import-puppet --certname $(puppet config print certname)",
                "  certs import-puppet --ssldir /var/lib/puppet/ssl --certname rng1.example.net \\",
                "        --dir /etc/entropy-fleet/pki",
                "Then point the agent at tls.cert DIR/issued/NODE.crt, tls.key DIR/issued/NODE.key,",
                "tls.ca DIR/ca-bundle.pem, tls.crl DIR/ca.crl."})
public final class ImportPuppetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PkiDirOption dir;

    @Option(names = "--ssldir", paramLabel = "SSLDIR",
            description = "Puppet's ssldir. Default: what 'puppet config print ssldir' prints (Debian's puppet: "
                    + PuppetSsldir.DEBIAN + ", Puppet Labs' puppet-agent: " + PuppetSsldir.DEFAULT + "); if puppet "
                    + "cannot be run, the first of those two that exists.")
    Path ssldir;

    @Option(names = "--certname", paramLabel = "NODE", required = true,
            description = "The node's Puppet certname ('puppet config print certname').")
    String certname;

    @Option(names = "--combined", description = "Also write DIR/issued/NODE-combined.pem (cert, CA chain, key; 0600).")
    boolean combined;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "File whose first line is the passphrase of the node key, if it is encrypted (Puppet's are not).")
    Path passphraseFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LeafName.validate(certname);
        PkiLayout layout = dir.layout();
        if (Files.exists(PkiLayout.caCert(layout.caDir()))) {
            throw CertsException.config(layout.root() + " has its own CA (" + PkiLayout.caCert(layout.caDir())
                    + "); import Puppet certificates into a different --dir");
        }
        Path root = ssldir;
        if (root == null) {
            PuppetSsldir.Found found = PuppetSsldir.locate(PuppetSsldir.PRINT_SSLDIR);
            root = found.dir();
            err.printf("certs import-puppet: ssldir %s (%s)%n", root, found.how());
        }
        if (!Files.isDirectory(root)) {
            throw CertsException.config(root + ": Puppet ssldir not found");
        }
        PuppetSsldir src = new PuppetSsldir(root, certname);
        List<X509Certificate> cas = Pem.readCertificates(src.caCerts());
        X509Certificate cert = Pem.readCertificate(src.nodeCert());
        PrivateKey key = Pem.readPrivateKey(src.nodeKey(),
                passphraseFile == null ? null : PassphraseOption.read(passphraseFile));
        if (!CertificateAuthority.keyMatches(cert, key)) {
            throw CertsException.config(src.nodeKey() + ": key does not belong to " + src.nodeCert());
        }
        X509Certificate issuer = cas.stream().filter(ca -> signedBy(cert, ca)).findFirst().orElseThrow(() ->
                CertsException.config(src.nodeCert() + ": not signed by any CA in " + src.caCerts()
                        + " (issuer " + cert.getIssuerX500Principal().getName() + ")"));
        if (cert.getNotAfter().toInstant().isBefore(Instant.now())) {
            err.printf("certs import-puppet: warning: %s expired on %s%n", src.nodeCert(), cert.getNotAfter().toInstant());
        }

        FileBatch.ensureDirectory(layout.root(), FileBatch.PUBLIC_DIR);
        FileBatch.ensureDirectory(layout.issuedDir(), FileBatch.PUBLIC_DIR);
        String crtPem = Pem.certificate(cert);
        String caPem = Pem.certificates(cas);
        String keyPem = Pem.privateKey(key, null);
        try (FileBatch batch = new FileBatch()) {
            batch.writeIfChanged(layout.bundle(), caPem, false);
            batch.writeIfChanged(layout.leafKey(certname), keyPem, true);
            batch.writeIfChanged(layout.leafCert(certname), crtPem, false);
            batch.writeIfChanged(layout.leafChain(certname), crtPem + caPem, false);
            if (combined) {
                batch.writeIfChanged(layout.leafCombined(certname), crtPem + caPem + keyPem, true);
            }
            boolean haveCrl = Files.exists(src.crl());
            if (haveCrl) {
                List<X509CRL> crls = Pem.readCrls(src.crl());
                StringBuilder sb = new StringBuilder();
                for (X509CRL c : crls) {
                    if (cas.stream().noneMatch(ca -> crlSignedBy(c, ca))) {
                        throw CertsException.config(src.crl() + ": CRL of '" + c.getIssuerX500Principal().getName()
                                + "' is not signed by any CA in " + src.caCerts());
                    }
                    sb.append(Pem.crl(c));
                }
                batch.writeIfChanged(layout.crl(), sb.toString(), false);
            } else {
                err.printf("certs import-puppet: warning: %s missing; no %s written (agents cannot check revocation)%n",
                        src.crl(), layout.crl());
            }
            int changed = batch.size();
            batch.commit();
            out.printf("imported Puppet node '%s' (issuer '%s', valid until %s): %s%n", certname,
                    issuer.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant(),
                    changed == 0 ? "all files already up to date" : changed + " file(s) updated");
            out.printf("  tls.cert %s%n  tls.key  %s (0600)%n  tls.ca   %s%n", layout.leafCert(certname),
                    layout.leafKey(certname), layout.bundle());
            if (haveCrl) {
                out.printf("  tls.crl  %s%n", layout.crl());
            }
            out.flush();
            err.flush();
            return 0;
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean crlSignedBy(X509CRL crl, X509Certificate ca) {
        try {
            crl.verify(ca.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
