package org.entropyfleet.certs.crl;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.security.cert.X509CRL;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs crl}: re-sign and publish the CRLs (run periodically so they never expire). */
@Command(name = "crl", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Publish fresh CRLs (DIR/ca.crl) with a new next-update time.",
        description = "Signs a new CRL for each trusted CA from the revocations in ca/index.tsv: ca/crl.pem for the "
                + "current CA and, during a rotation, ca/previous/crl.pem for the outgoing one. DIR/ca.crl is "
                + "their concatenation (PEM), so a peer can check certificates of either CA. Run it from cron or "
                + "a systemd timer well before --next-update runs out.",
        footer = {"", "Examples:",
                "  certs crl",
                "  certs crl --next-update 2d     # e.g. daily from a systemd timer"})
public final class CrlCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Mixin
    CrlOptions crl;

    @Override
    public Integer call() {
        PrintWriter out = caDir.out();
        PkiLayout layout = caDir.layout();
        CaStore store = CaStore.open(layout);
        try (DirLock lock = store.lock(); FileBatch batch = new FileBatch()) {
            List<CertificateAuthority> cas = store.trusted(true, caDir.passphrase());
            CertIndex index = CertIndex.load(layout.index());
            // the bundle too: that repairs one left behind by an interrupted retire-ca
            List<X509CRL> crls = TrustFiles.publish(layout, batch, cas, index, crl.nextUpdate());
            for (X509CRL c : crls) {
                int n = c.getRevokedCertificates() == null ? 0 : c.getRevokedCertificates().size();
                out.printf("CRL of '%s': %d revoked, next update %s%n", c.getIssuerX500Principal().getName(), n,
                        c.getNextUpdate().toInstant());
            }
            out.printf("published %s%n", layout.crl());
            out.flush();
            return 0;
        }
    }
}
