package org.entropyfleet.certs.ca;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.PassphraseOption;
import org.entropyfleet.certs.cli.PkiDirOption;
import org.entropyfleet.certs.crl.CrlPublisher;
import org.entropyfleet.certs.crl.TrustFiles;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.HexCounter;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs init-ca}: creates the CA, the empty index and the first trust files agents point at. */
@Command(name = "init-ca", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Create the CA (key, certificate, serial counter, index) and the first trust files.",
        description = "Creates DIR/ca/: ca.key (PKCS#8 PEM, mode 0600, never printed; encrypted with "
                + "--passphrase-file), a self-signed ca.crt (basicConstraints CA, pathLen 0), serial and an empty "
                + "index.tsv; then publishes DIR/ca-bundle.pem and an empty DIR/ca.crl so agents can be configured "
                + "right away. Does nothing (exit 0) when DIR already has a CA. With an encrypted key every "
                + "signing command (issue, renew, revoke, crl, rotate-ca, retire-ca) needs --passphrase-file; a "
                + "wrong passphrase is reported as such (exit 2).",
        footer = {"", "Examples:",
                "  certs init-ca --dir /etc/entropy-fleet/pki",
                "  certs init-ca --key-type ec-p384 --cn 'Example Corp entropy CA'",
                "  umask 077; head -c 32 /dev/urandom | base64 > /root/ca.pass",
                "  certs init-ca --passphrase-file /root/ca.pass    # ca.key encrypted (PBKDF2 + AES-256)"})
public final class InitCaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PkiDirOption dir;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec-p256", converter = KeyType.Converter.class,
            completionCandidates = KeyType.Candidates.class, description = "CA key algorithm: ${COMPLETION-CANDIDATES}.")
    KeyType keyType;

    @Option(names = {"--cn", "--name"}, paramLabel = "CN", defaultValue = CaFactory.DEFAULT_CN, description = "CA subject common name.")
    String cn;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaFactory.DEFAULT_DAYS, description = "CA validity in days.")
    int days;

    @Mixin
    PassphraseOption passphrase;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PkiLayout layout = dir.layout();
        if (Files.isRegularFile(PkiLayout.caCert(layout.caDir()))) {
            CertificateAuthority existing = CaStore.open(layout).current(false, null);
            out.printf("CA already exists in %s (%s); left unchanged%n", layout.caDir(), existing.subject());
            out.flush();
            return 0;
        }
        if (days < 1 || days > 36500) {
            throw CertsException.config("--days must be between 1 and 36500, got " + days);
        }
        char[] pass = passphrase.passphrase();
        FileBatch.ensureDirectory(layout.root(), FileBatch.PUBLIC_DIR);
        FileBatch.ensureDirectory(layout.caDir(), FileBatch.PRIVATE_DIR);
        try (DirLock lock = DirLock.acquire(layout.lockFile()); FileBatch batch = new FileBatch()) {
            if (Files.isRegularFile(PkiLayout.caCert(layout.caDir()))) {
                throw CertsException.runtime(
                        "another init-ca created a CA in " + layout.caDir() + " meanwhile; left it alone");
            }
            CertificateAuthority ca = CaFactory.create(layout.caDir(), keyType, cn, days);
            batch.write(PkiLayout.caKey(layout.caDir()), Pem.privateKey(ca.privateKey(), pass), true);
            batch.write(PkiLayout.caCert(layout.caDir()), Pem.certificate(ca.cert()), false);
            batch.write(layout.serial(), HexCounter.format(BigInteger.ONE), false);
            CertIndex index = CertIndex.empty(layout.index());
            index.stage(batch);
            TrustFiles.publish(layout, batch, List.of(ca), index, CrlPublisher.DEFAULT_NEXT_UPDATE);
            out.printf("created %s CA '%s' (key id %s)%n", keyType, ca.subject(), ca.keyId());
            out.printf("  %s (0600%s)%n  %s%n  %s   -> agents' tls.ca%n  %s        -> agents' tls.crl%n",
                    PkiLayout.caKey(layout.caDir()), pass == null ? "" : ", encrypted",
                    PkiLayout.caCert(layout.caDir()), layout.bundle(), layout.crl());
            out.flush();
            return 0;
        }
    }
}
