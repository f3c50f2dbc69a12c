package org.entropyfleet.certs.ca;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.crl.CrlOptions;
import org.entropyfleet.certs.crl.TrustFiles;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs retire-ca}: ends a rotation; the outgoing CA is no longer trusted. */
@Command(name = "retire-ca", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "End a rotation: drop the outgoing CA from the bundle and CRL.",
        description = "Rewrites DIR/ca-bundle.pem and DIR/ca.crl with the current CA only, so agents that reload "
                + "them refuse certificates of the outgoing CA. The outgoing CA's certificate and last CRL are "
                + "archived in ca/retired/KEYID/; its key is deleted. Refuses (exit 1) while unrevoked, unexpired "
                + "certificates signed by the outgoing CA remain, unless --force: run 'certs renew' first.",
        footer = {"", "Examples:",
                "  certs renew && certs retire-ca",
                "  certs retire-ca --force        # strand the listed certificates deliberately"})
public final class RetireCaCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Mixin
    CrlOptions crl;

    @Option(names = "--force", description = "Retire even though certificates signed by the outgoing CA are still valid.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = caDir.out();
        PkiLayout layout = caDir.layout();
        CaStore store = CaStore.open(layout);
        try (DirLock lock = store.lock()) {
            if (!store.rotating()) {
                throw CertsException.runtime("no rotation in progress (" + layout.previousCaDir()
                        + " has no CA); nothing to retire");
            }
            CertificateAuthority current = store.current(true, caDir.passphrase());
            CertificateAuthority previous = store.previous(false, null).orElseThrow();
            CertIndex index = CertIndex.load(layout.index());
            Instant now = Instant.now();
            List<String> stranded = index.latestPerName().stream()
                    .filter(e -> e.status() == IndexEntry.Status.VALID && e.issuerKeyId().equals(previous.keyId())
                            && e.notAfter().isAfter(now))
                    .map(IndexEntry::name).toList();
            if (!stranded.isEmpty() && !force) {
                throw CertsException.runtime(stranded.size() + " certificate(s) still signed by the outgoing CA: "
                        + String.join(", ", stranded) + "; run 'certs renew' first (or --force)");
            }
            // archive first: once ca/previous is gone no command will put the old CA back into the trust files
            Path archive = layout.retiredCaDir(previous.keyId());
            FileBatch.ensureDirectory(archive.getParent(), FileBatch.PRIVATE_DIR);
            try {
                Files.move(layout.previousCaDir(), archive, StandardCopyOption.ATOMIC_MOVE);
                Files.deleteIfExists(PkiLayout.caKey(archive));
                FileBatch.fsyncDirectory(layout.caDir());
            } catch (IOException e) {
                throw CertsException.runtime("cannot archive " + layout.previousCaDir() + " to " + archive + ": " + e.getMessage(), e);
            }
            try (FileBatch batch = new FileBatch()) {
                TrustFiles.publish(layout, batch, List.of(current), index, crl.nextUpdate());
            }
            out.printf("retired CA '%s' (key id %s); archived to %s, key deleted%n", previous.subject(), previous.keyId(), archive);
            if (!stranded.isEmpty()) {
                out.printf("warning: no longer trusted: %s%n", String.join(", ", stranded));
            }
            out.printf("%s and %s now cover '%s' only.%n", layout.bundle(), layout.crl(), current.subject());
            out.flush();
            return 0;
        }
    }
}
