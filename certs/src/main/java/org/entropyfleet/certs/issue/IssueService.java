package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.HexCounter;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;

import java.math.BigInteger;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Issue-or-leave-alone for one NAME, shared by {@code issue} and {@code renew}. The caller holds the
 * directory lock and passes the loaded index; each call commits its own files, serial and index
 * atomically, so a renewal run interrupted half-way leaves every NAME either old or new, never mixed.
 */
public final class IssueService {
    public enum Action { ISSUED, REISSUED, UNCHANGED }

    /** Result of one NAME; {@code reason} says why it was (not) issued, for the operator. */
    public record Outcome(Action action, IndexEntry entry, String reason) {
    }

    /**
     * @param force       re-issue even if the existing certificate is fine
     * @param renewWithin re-issue when the existing certificate expires within this window
     * @param combined    also write NAME-combined.pem (kept up to date anyway once it exists)
     */
    public record Policy(boolean force, Duration renewWithin, boolean combined) {
    }

    private final PkiLayout layout;
    private final CertificateAuthority ca;
    private final CertIndex index;

    public IssueService(PkiLayout layout, CertificateAuthority ca, CertIndex index) {
        this.layout = layout;
        this.ca = ca;
        this.index = index;
    }

    public Outcome issue(LeafSpec spec, Policy policy) {
        Optional<IndexEntry> latest = index.latest(spec.name());
        if (latest.isEmpty()) {
            return write(spec, policy, Action.ISSUED, "new");
        }
        refuseLosingAPurpose(latest.get(), spec, policy);
        String why = reasonToReissue(latest.get(), spec, policy);
        if (why == null) {
            long days = Duration.between(Instant.now(), latest.get().notAfter()).toDays();
            return new Outcome(Action.UNCHANGED, latest.get(),
                    "valid until " + latest.get().notAfter() + " (" + days + " days left); --force re-issues");
        }
        return write(spec, policy, Action.REISSUED, why);
    }

    /** Re-issues unconditionally (renew), keeping NAME. */
    public Outcome reissue(LeafSpec spec, Policy policy, String reason) {
        return write(spec, policy, Action.REISSUED, reason);
    }

    /**
     * A host's certificate re-issued as a client one (or the reverse) breaks the agent that uses it, and
     * the files keep their name, so it happens silently: refused unless {@code --force}. A node with both
     * roles keeps one certificate per role under distinct names.
     */
    private static void refuseLosingAPurpose(IndexEntry latest, LeafSpec spec, Policy policy) {
        LeafKind old = LeafKind.fromLabel(latest.kind());
        if (policy.force() || latest.isRevoked() || spec.kind().covers(old)) {
            return;
        }
        String suffix = spec.kind() == LeafKind.CLIENT ? "-client" : "-host";
        throw CertsException.config("'" + spec.name() + "' is a " + old.label() + " certificate (serial "
                + latest.serialHex() + "); issuing it as " + spec.kind().label() + " would replace it and break the agent"
                + " that uses it. Use a distinct name (e.g. '" + spec.name() + suffix + "'), or --force to replace it");
    }

    private String reasonToReissue(IndexEntry latest, LeafSpec spec, Policy policy) {
        if (latest.isRevoked()) {
            return "previous certificate (serial " + latest.serialHex() + ") is revoked";
        }
        if (policy.force()) {
            return latest.kind().equals(spec.kind().label()) ? "--force"
                    : "--force; kind changes from " + latest.kind() + " to " + spec.kind().label();
        }
        var crtFile = layout.leafCert(spec.name());
        var keyFile = layout.leafKey(spec.name());
        if (!Files.isRegularFile(crtFile) || !Files.isRegularFile(keyFile)) {
            return crtFile.getFileName() + " or " + keyFile.getFileName() + " missing";
        }
        X509Certificate existing = Pem.readCertificate(crtFile);
        if (!existing.getSerialNumber().equals(latest.serial())) {
            return crtFile.getFileName() + " is not the certificate recorded in index.tsv";
        }
        PrivateKey key = Pem.readPrivateKey(keyFile, null);
        if (!CertificateAuthority.keyMatches(existing, key)) {
            return keyFile.getFileName() + " does not match " + crtFile.getFileName();
        }
        if (!latest.kind().equals(spec.kind().label())) {
            return "kind changes from " + latest.kind() + " to " + spec.kind().label();
        }
        List<SubjectAltName> have = SubjectAltName.of(existing);
        if (!have.equals(spec.sans())) {
            return "SANs change from " + have + " to " + spec.sans();
        }
        Duration left = Duration.between(Instant.now(), latest.notAfter());
        if (left.compareTo(policy.renewWithin()) <= 0) {
            return "expires " + latest.notAfter() + ", within the renewal window of " + policy.renewWithin().toDays() + " days";
        }
        return null;
    }

    private Outcome write(LeafSpec spec, Policy policy, Action action, String reason) {
        try (FileBatch batch = new FileBatch()) {
            FileBatch.ensureDirectory(layout.issuedDir(), FileBatch.PUBLIC_DIR);
            BigInteger serial = HexCounter.takeAndStage(layout.serial(), batch);
            LeafIssuer.Issued issued = LeafIssuer.issue(ca, spec, serial);
            String crt = Pem.certificate(issued.cert());
            String caCrt = Pem.certificate(ca.cert());
            String key = Pem.privateKey(issued.key(), null);
            batch.write(layout.leafKey(spec.name()), key, true);
            batch.write(layout.leafCert(spec.name()), crt, false);
            batch.write(layout.leafChain(spec.name()), crt + caCrt, false);
            FileBatch.ensureDirectory(layout.archiveDir(), FileBatch.PRIVATE_DIR);
            if (policy.combined() || Files.exists(layout.leafCombined(spec.name()))) {
                batch.write(layout.leafCombined(spec.name()), crt + caCrt + key, true);
            }
            for (IndexEntry old : index.byName(spec.name())) {
                if (old.status() == IndexEntry.Status.VALID) {
                    index.replace(old, old.withStatus(IndexEntry.Status.SUPERSEDED));
                }
            }
            IndexEntry entry = new IndexEntry(serial, spec.name(), spec.kind().label(),
                    issued.cert().getNotBefore().toInstant(), issued.cert().getNotAfter().toInstant(),
                    IndexEntry.Status.VALID, null, null, ca.keyId());
            batch.write(layout.archived(entry.serialHex()), crt, false);
            index.add(entry);
            index.stage(batch);
            batch.commit();
            return new Outcome(action, entry, reason);
        }
    }
}
