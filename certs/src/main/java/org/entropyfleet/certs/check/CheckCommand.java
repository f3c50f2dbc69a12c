package org.entropyfleet.certs.check;

import org.entropyfleet.certs.ca.CaStore;
import org.entropyfleet.certs.cli.ExitCodes;
import org.entropyfleet.certs.cli.PkiDirOption;
import org.entropyfleet.certs.store.DirLock;
import org.entropyfleet.certs.store.PkiLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code certs check}: is the CA database consistent with the certificates and CRLs on disk? */
@Command(name = "check", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Cross-check index, serial and CRL numbers against the issued certificates and CRLs; exit 4 if damaged.",
        description = "Reads, changes nothing. Every certificate in DIR/issued/ and DIR/ca/certs/ must be recorded in "
                + "ca/index.tsv; every revocation in a published CRL (ca/crl.pem, ca/previous/crl.pem, "
                + "ca/retired/*/crl.pem, DIR/ca.crl) must be recorded as revoked; ca/serial must be above every "
                + "serial used; each CA's crlnumber must be above the highest CRL number it published. The same "
                + "check runs before issue, renew, revoke, crl, rotate-ca and retire-ca, which refuse (exit 2) "
                + "while it finds damage. Prints one line per problem naming the file at fault; 'certs repair' "
                + "fixes them.",
        footer = {"", "Exit codes: 0 consistent (warnings may be printed), 4 damaged (run 'certs repair'), 2 no CA.",
                "", "Examples:",
                "  certs check",
                "  certs check || certs repair      # e.g. after restoring DIR from a backup"})
public final class CheckCommand implements Callable<Integer> {
    /** Enough to see what is wrong; a fully truncated index of a big fleet would otherwise flood the terminal. */
    static final int MAX_LINES = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    PkiDirOption dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PkiLayout layout = dir.layout();
        CaStore.open(layout);
        DatabaseCheck.Report report;
        try (DirLock lock = DirLock.acquire(layout.lockFile())) {
            report = DatabaseCheck.run(layout);
        }
        print(out, report.findings());
        int damaged = report.damage().size();
        if (damaged == 0) {
            out.printf("consistent: %s (%d index entries, %d certificates on disk, %d revocations in CRLs)%n",
                    layout.caDir(), report.index().entries().size(), report.evidence().certificateSerials().size(), report.evidence().revocations().size());
        } else {
            out.printf("%d problem(s) in %s; run 'certs repair --dir %s' (it keeps a copy of every file it "
                    + "rewrites in %s)%n", damaged, layout.caDir(), layout.root(), layout.backupDir());
        }
        out.flush();
        return damaged == 0 ? ExitCodes.OK : ExitCodes.DAMAGED;
    }

    static void print(PrintWriter out, List<Finding> findings) {
        printCapped(out, findings.stream().map(f -> (f.isDamage() ? "damaged: " : "warning: ") + f.text()).toList());
    }

    /** At most {@link #MAX_LINES} lines, then how many were left out. */
    static void printCapped(PrintWriter out, List<String> lines) {
        for (int i = 0; i < lines.size() && i < MAX_LINES; i++) {
            out.println(lines.get(i));
        }
        if (lines.size() > MAX_LINES) {
            out.printf("... and %d more%n", lines.size() - MAX_LINES);
        }
    }
}
