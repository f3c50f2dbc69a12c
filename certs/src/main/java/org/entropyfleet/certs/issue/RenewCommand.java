package org.entropyfleet.certs.issue;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.ca.KeyType;
import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.cli.DurationConverter;
import org.entropyfleet.certs.cli.ExitCodes;
import org.entropyfleet.certs.cli.CaDirOptions;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs renew}: re-issue what is about to expire, and everything the outgoing CA signed. */
@Command(name = "renew", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Re-issue every certificate expiring within a window (and those of an outgoing CA).",
        description = "For each NAME (all names, or only those given) whose current certificate is not revoked and "
                + "either expires within --within, was signed by a CA other than the current one (after "
                + "'rotate-ca'), or is named together with --force, issues a new key and certificate with the same "
                + "name, kind and SANs, signed by the current CA. Files are replaced atomically per NAME; agents "
                + "pick them up on their next TLS reload. Revoked names are skipped.",
        footer = {"", "Exit codes: 0 ok (also when nothing needed renewing), 1 some NAME could not be renewed.",
                "", "Examples:",
                "  certs renew                       # from a daily timer",
                "  certs renew --within 60d --days 180",
                "  certs renew rng1.example.net --within 45d   # only this name, if due",
                "  certs renew vm1.example.net --force                   # this name now, due or not",
                "  certs renew --dry-run"})
public final class RenewCommand implements Callable<Integer> {
    @Mixin
    CaDirOptions caDir;

    @Option(names = "--within", paramLabel = "WINDOW", defaultValue = "30d", converter = DurationConverter.class,
            description = "Renew certificates whose not-after is within WINDOW from now (or already past).")
    Duration within;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + LeafSpec.DEFAULT_DAYS,
            description = "Validity of the new certificates in days.")
    int days;

    @Option(names = "--dry-run", description = "Only print what would be renewed.")
    boolean dryRun;

    @Option(names = "--force", description = "Renew the NAMEs given even if they are not due (requires NAME).")
    boolean force;

    @Parameters(paramLabel = "NAME", arity = "0..*",
            description = "Only renew these names (default: every name that is due).")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = caDir.out();
        PrintWriter err = caDir.err();
        PkiLayout layout = caDir.layout();
        names.forEach(LeafName::validate);
        if (force && names.isEmpty()) {
            throw CertsException.config("--force needs the NAMEs to renew (it never applies to every certificate)");
        }
        CaStore store = CaStore.open(layout);
        int renewed = 0;
        int failed = 0;
        try (DirLock lock = store.lock()) {
            CertificateAuthority ca = store.current(!dryRun, caDir.passphrase());
            CertIndex index = CertIndex.load(layout.index());
            IssueService service = new IssueService(layout, ca, index);
            Instant limit = Instant.now().plus(within);
            List<IndexEntry> candidates = index.latestPerName();
            for (String n : names) {
                if (index.latest(n).isEmpty()) {
                    throw CertsException.config("no certificate named '" + n + "' in " + layout.index());
                }
            }
            if (!names.isEmpty()) {
                candidates = candidates.stream().filter(e -> names.contains(e.name())).toList();
            }
            for (IndexEntry e : candidates) {
                if (e.status() != IndexEntry.Status.VALID) {
                    if (!names.isEmpty()) {
                        out.printf("skipped '%s': revoked; 'certs issue' gives it a new certificate%n", e.name());
                    }
                    continue;
                }
                String reason = !e.issuerKeyId().equals(ca.keyId()) ? "signed by an outgoing CA"
                        : !e.notAfter().isAfter(limit) ? "expires " + e.notAfter()
                        : force ? "--force" : null;
                if (reason == null) {
                    continue;
                }
                if (dryRun) {
                    out.printf("would renew '%s' serial %s (%s)%n", e.name(), e.serialHex(), reason);
                    renewed++;
                    continue;
                }
                try {
                    X509Certificate old = Pem.readCertificate(layout.leafCert(e.name()));
                    LeafSpec leaf = new LeafSpec(e.name(), LeafKind.fromLabel(e.kind()), SubjectAltName.of(old),
                            KeyType.of(old.getPublicKey()), days);
                    IssueService.Outcome o = service.reissue(leaf, new IssueService.Policy(true, within, false), reason);
                    out.printf("renewed '%s' serial %s -> %s, valid until %s (%s)%n", e.name(), e.serialHex(),
                            o.entry().serialHex(), o.entry().notAfter(), reason);
                    renewed++;
                } catch (CertsException ex) {
                    err.printf("certs renew: error: '%s': %s%n", e.name(), ex.getMessage());
                    failed++;
                }
            }
        }
        if (renewed == 0 && failed == 0) {
            out.printf("nothing to renew within %d days%n", within.toDays());
        }
        out.flush();
        err.flush();
        return failed == 0 ? ExitCodes.OK : ExitCodes.RUNTIME;
    }
}
