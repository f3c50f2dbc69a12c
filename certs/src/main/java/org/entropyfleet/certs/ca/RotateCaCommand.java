package org.entropyfleet.certs.ca;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.crl.CrlPublisher;
import org.entropyfleet.certs.crl.TrustFiles;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code certs rotate-ca}: starts a CA rotation. The outgoing CA moves to {@code ca/previous/} and stays
 * trusted (bundle) and revocable (its own CRL) until {@code retire-ca}, so agents never see a moment in
 * which a valid peer certificate is untrusted.
 */
@Command(name = "rotate-ca", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Create a successor CA; trust both until 'retire-ca'.",
        description = "Moves the current CA to ca/previous/ and creates a new one in ca/ (new key, subject CN with the "
                + "next generation number, e.g. 'entropy-fleet CA G2'). DIR/ca-bundle.pem then holds both CA "
                + "certificates and DIR/ca.crl both CAs' CRLs, so agents that reload them accept certificates of "
                + "either CA during the overlap. From now on 'issue' and 'renew' sign with the new CA; 'renew' "
                + "also re-issues every certificate the old CA signed. The serial counter and index are shared, "
                + "so serials stay unique across both CAs. Only one rotation at a time.",
        footer = {"", "Procedure:",
                "  certs rotate-ca            # 1. new CA; bundle = new + old; distribute ca-bundle.pem, ca.crl",
                "  certs renew                # 2. every leaf re-issued by the new CA; distribute, agents reload",
                "  certs retire-ca            # 3. old CA dropped from bundle and CRL; distribute again",
                "", "Examples:",
                "  certs rotate-ca --key-type ec-p384 --passphrase-file /root/ca.pass"})
public final class RotateCaCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Option(names = "--key-type", paramLabel = "TYPE", converter = KeyType.Converter.class,
            completionCandidates = KeyType.Candidates.class,
            description = "Key algorithm of the new CA: ${COMPLETION-CANDIDATES}. Default: same as the current CA.")
    KeyType keyType;

    @Option(names = {"--cn", "--name"}, paramLabel = "CN", description = "Subject CN of the new CA. Default: current CN with the next ' G<n>' suffix.")
    String cn;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + CaFactory.DEFAULT_DAYS, description = "New CA validity in days.")
    int days;

    @Override
    public Integer call() {
        PrintWriter out = caDir.out();
        PkiLayout layout = caDir.layout();
        CaStore store = CaStore.open(layout);
        char[] pass = caDir.passphrase();
        try (DirLock lock = store.lock()) {
            if (store.rotating()) {
                throw CertsException.runtime("a rotation is already in progress: " + layout.previousCaDir()
                        + " holds the outgoing CA; run 'certs renew' and 'certs retire-ca' first");
            }
            CertificateAuthority old = store.current(true, pass);
            CertIndex index = CertIndex.load(layout.index());
            KeyType type = keyType != null ? keyType : KeyType.of(old.cert().getPublicKey());
            String newCn = cn != null ? cn : CaFactory.successorCn(CaFactory.commonName(old.cert()));
            CertificateAuthority fresh = CaFactory.create(layout.caDir(), type, newCn, days);

            // step 1: an exact copy of the outgoing CA in ca/previous (ca/ still intact if we stop here)
            FileBatch.ensureDirectory(layout.previousCaDir(), FileBatch.PRIVATE_DIR);
            try (FileBatch copy = new FileBatch()) {
                copyFile(copy, PkiLayout.caCrl(layout.caDir()), PkiLayout.caCrl(layout.previousCaDir()), false);
                copyFile(copy, PkiLayout.crlNumber(layout.caDir()), PkiLayout.crlNumber(layout.previousCaDir()), false);
                copyFile(copy, PkiLayout.caKey(layout.caDir()), PkiLayout.caKey(layout.previousCaDir()), true);
                // ca.crt last: its presence is what marks a rotation as in progress
                copyFile(copy, PkiLayout.caCert(layout.caDir()), PkiLayout.caCert(layout.previousCaDir()), false);
                copy.commit();
            }
            CertificateAuthority previous = store.previous(true, pass).orElseThrow();

            // step 2: the new CA replaces ca/ca.key + ca/ca.crt; trust files cover both
            try (FileBatch batch = new FileBatch()) {
                batch.write(PkiLayout.caKey(layout.caDir()), Pem.privateKey(fresh.privateKey(), pass), true);
                batch.write(PkiLayout.caCert(layout.caDir()), Pem.certificate(fresh.cert()), false);
                List<CertificateAuthority> both = List.of(fresh, previous);
                TrustFiles.publish(layout, batch, both, index, CrlPublisher.DEFAULT_NEXT_UPDATE);
            }
            out.printf("new CA '%s' (%s, key id %s) is now current; outgoing CA '%s' moved to %s%n",
                    fresh.subject(), type, fresh.keyId(), previous.subject(), layout.previousCaDir());
            out.printf("%s now trusts both CAs and %s holds both CRLs.%n", layout.bundle(), layout.crl());
            out.printf("next: distribute the bundle, run 'certs renew' (re-issues everything the old CA signed),%n"
                    + "      then 'certs retire-ca' once agents use their new certificates.%n");
            out.flush();
            return 0;
        }
    }

    private static void copyFile(FileBatch batch, Path from, Path to, boolean secret) {
        if (!Files.exists(from)) {
            return;
        }
        try {
            batch.write(to, Files.readAllBytes(from), secret);
        } catch (IOException e) {
            throw CertsException.runtime("cannot read " + from + ": " + e.getMessage(), e);
        }
    }
}
