package org.entropyfleet.certs.list;

import org.entropyfleet.certs.issue.LeafName;
import java.util.HashMap;
import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.ca.CertificateAuthority;
import org.entropyfleet.certs.cli.DurationConverter;
import org.entropyfleet.certs.cli.ExitCodes;
import org.entropyfleet.certs.cli.PkiDirOption;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.Pem;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code certs list}: what was issued, when it expires, and a monitoring-friendly exit code. */
@Command(name = "list", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Show issued certificates; exit 3 if any expires within --expiring.",
        description = "Prints a table of issued certificates (the newest per NAME): name, kind, serial, not-after, "
                + "days left, revoked, and which CA signed it (current, previous during a rotation, or retired). "
                + "With --expiring WINDOW only unrevoked certificates expiring within WINDOW are listed, and the "
                + "exit code is 3 when there is any: a ready-made monitoring check.",
        footer = {"", "Exit codes: 0 ok, 3 something expires within --expiring (or a CRL within --crl-expiring), 2 no CA /",
                "bad index / no readable ca.crl.",
                "", "Examples:",
                "  certs list",
                "  certs list --all                   # include superseded certificates",
                "  certs list --expiring 30d || certs renew --within 30d",
                "  certs list --expiring 30d --name rng1.example.net || certs renew rng1.example.net --within 30d",
                "  certs list --crl-expiring 2d || certs crl --next-update 7d    # what Puppet runs in pki_mode suite"})
public final class ListCommand implements Callable<Integer> {
    private static final String[] HEADINGS = {"NAME", "KIND", "SERIAL", "NOT-AFTER", "DAYS-LEFT", "REVOKED", "CA"};
    private static final String[] CRL_HEADINGS = {"NEXT-UPDATE", "CRL-ISSUER"};

    @Spec
    CommandSpec spec;

    @Mixin
    PkiDirOption dir;

    @Option(names = "--expiring", paramLabel = "WINDOW", converter = DurationConverter.class,
            description = "Only unrevoked certificates expiring within WINDOW (e.g. 30d); exit 3 if any.")
    Duration expiring;

    @Option(names = "--crl-expiring", paramLabel = "WINDOW", converter = DurationConverter.class,
            description = "List the CRLs in DIR/ca.crl instead, only those whose next update is within WINDOW "
                    + "(e.g. 2d); exit 3 if any, 2 if ca.crl is missing or unreadable. Republish with 'certs crl'.")
    Duration crlExpiring;

    @Option(names = "--all", description = "Also list certificates superseded by a re-issue.")
    boolean all;

    @Option(names = "--name", paramLabel = "NAME", split = ",", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "Only these names (repeatable, comma-separated); with --expiring, exit 3 only for them.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PkiLayout layout = dir.layout();
        if (crlExpiring != null) {
            return listExpiringCrls(out, layout.crl(), Instant.now().plus(crlExpiring));
        }
        CaStore store = CaStore.open(layout);
        Map<String, String> caLabels = new HashMap<>();
        caLabels.put(store.current(false, null).keyId(), "current");
        store.previous(false, null).map(CertificateAuthority::keyId).ifPresent(k -> caLabels.put(k, "previous"));
        CertIndex index = CertIndex.load(layout.index());
        Instant now = Instant.now();
        List<IndexEntry> rows = all ? index.entries() : index.latestPerName();
        if (!names.isEmpty()) {
            names.forEach(LeafName::validate);
            rows = rows.stream().filter(e -> names.contains(e.name())).toList();
        }
        if (expiring != null) {
            Instant limit = now.plus(expiring);
            rows = rows.stream().filter(e -> !e.isRevoked() && e.status() != IndexEntry.Status.SUPERSEDED
                    && !e.notAfter().isAfter(limit)).toList();
        }
        List<String[]> table = new ArrayList<>();
        table.add(HEADINGS);
        for (IndexEntry e : rows) {
            long daysLeft = Math.floorDiv(Duration.between(now, e.notAfter()).toSeconds(), Duration.ofDays(1).toSeconds());
            table.add(new String[]{e.name(), e.kind(), e.serialHex(), e.notAfter().toString(), Long.toString(daysLeft),
                    e.isRevoked() ? "yes" : e.status() == IndexEntry.Status.SUPERSEDED ? "superseded" : "no",
                    caLabels.getOrDefault(e.issuerKeyId(), "retired")});
        }
        print(out, table);
        out.flush();
        return expiring != null && !rows.isEmpty() ? ExitCodes.EXPIRING : ExitCodes.OK;
    }

    /** Works without a CA of its own too (an import-puppet directory): only DIR/ca.crl is read. */
    private static int listExpiringCrls(PrintWriter out, Path crlFile, Instant limit) {
        List<String[]> table = new ArrayList<>();
        table.add(CRL_HEADINGS);
        for (X509CRL crl : Pem.readCrls(crlFile)) {
            Date next = crl.getNextUpdate();
            if (next != null && !next.toInstant().isAfter(limit)) {
                table.add(new String[]{next.toInstant().toString(), crl.getIssuerX500Principal().getName()});
            }
        }
        print(out, table);
        out.flush();
        return table.size() > 1 ? ExitCodes.EXPIRING : ExitCodes.OK;
    }

    private static void print(PrintWriter out, List<String[]> table) {
        int[] width = new int[HEADINGS.length];
        for (String[] row : table) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : table) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (width[i] + 2) + "s", row[i]));
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
