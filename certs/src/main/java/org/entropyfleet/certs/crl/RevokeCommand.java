package org.entropyfleet.certs.crl;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.issue.LeafName;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs revoke NAME}: revoke every unrevoked certificate of NAME and publish fresh CRLs. */
@Command(name = "revoke", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Revoke a certificate and publish a fresh CRL.",
        description = "Marks every not-yet-revoked certificate issued under NAME (the current one and any superseded "
                + "ones still valid) as revoked in ca/index.tsv and publishes new CRLs: ca/crl.pem (and "
                + "ca/previous/crl.pem during a rotation) and their concatenation DIR/ca.crl, which agents load "
                + "as tls.crl and re-read on change. The files under issued/ are kept. Revoking a NAME whose "
                + "certificates are all revoked already is an error (exit 1); 'certs issue' gives NAME a new "
                + "certificate afterwards.",
        footer = {"", "Examples:",
                "  certs revoke vm1.example.net",
                "  certs revoke rng1.example.net --reason keyCompromise --next-update 1d"})
public final class RevokeCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Parameters(index = "0", paramLabel = "NAME", description = "Name the certificate was issued under.")
    String name;

    @Option(names = "--reason", paramLabel = "REASON", defaultValue = "unspecified",
            description = "CRL reason: unspecified, keyCompromise, CACompromise, affiliationChanged, superseded, "
                    + "cessationOfOperation.")
    String reason;

    @Mixin
    CrlOptions crl;

    @Override
    public Integer call() {
        PrintWriter out = caDir.out();
        LeafName.validate(name);
        RevocationReason why = parseReason(reason);
        PkiLayout layout = caDir.layout();
        CaStore store = CaStore.open(layout);
        try (DirLock lock = store.lock(); FileBatch batch = new FileBatch()) {
            List<CertificateAuthority> cas = store.trusted(true, caDir.passphrase());
            CertIndex index = CertIndex.load(layout.index());
            List<IndexEntry> entries = index.byName(name);
            if (entries.isEmpty()) {
                throw CertsException.config("no certificate named '" + name + "' in " + layout.index());
            }
            List<IndexEntry> toRevoke = entries.stream().filter(e -> !e.isRevoked()).toList();
            if (toRevoke.isEmpty()) {
                IndexEntry last = entries.get(entries.size() - 1);
                throw CertsException.runtime("'" + name + "' is already revoked (serial " + last.serialHex()
                        + " at " + last.revokedAt() + ")");
            }
            Instant now = Instant.now();
            for (IndexEntry e : toRevoke) {
                index.replace(e, e.revoked(now, why.keyword()));
            }
            index.stage(batch);
            // the bundle too: that repairs one left behind by an interrupted retire-ca
            TrustFiles.publish(layout, batch, cas, index, crl.nextUpdate());
            for (IndexEntry e : toRevoke) {
                out.printf("revoked '%s' serial %s (%s)%n", name, e.serialHex(), why.keyword());
            }
            out.printf("published %s (next update in %d days)%n", layout.crl(), crl.nextUpdate().toDays());
            out.flush();
            return 0;
        }
    }

    private static RevocationReason parseReason(String text) {
        for (RevocationReason r : RevocationReason.values()) {
            if (r.keyword().equalsIgnoreCase(text)) {
                return r;
            }
        }
        throw CertsException.config("unknown --reason '" + text + "'");
    }
}
