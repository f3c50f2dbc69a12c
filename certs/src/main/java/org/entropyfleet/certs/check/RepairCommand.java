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
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code certs repair}: rebuild the CA database from the certificates and CRLs on disk. */
@Command(name = "repair", mixinStandardHelpOptions = true, showDefaultValues = true, sortOptions = false,
        header = "Rebuild index, serial and CRL numbers from the issued certificates and the last CRLs.",
        description = "Fixes what 'certs check' reports: keeps every readable line of ca/index.tsv, adds the "
                + "certificates in DIR/issued/ and DIR/ca/certs/ it lacks, records again every revocation found in "
                + "a published CRL, and moves ca/serial and each CA's crlnumber past everything already used. "
                + "Counters never go down and revocations are never dropped. Each file it rewrites is first "
                + "copied to DIR/ca/backup/TIME/. Needs no CA key and signs nothing: run 'certs crl' afterwards "
                + "if revocations were recovered, so every peer gets them. Exit 0 when the database is "
                + "consistent afterwards, 4 when 'check' still finds damage it cannot fix.",
        footer = {"", "Examples:",
                "  certs check || certs repair",
                "  certs repair && certs crl"})
public final class RepairCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PkiDirOption dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PkiLayout layout = dir.layout();
        CaStore.open(layout);
        DatabaseRepair.Result result;
        DatabaseCheck.Report after;
        try (DirLock lock = DirLock.acquire(layout.lockFile())) {
            result = DatabaseRepair.run(layout, Instant.now());
            after = DatabaseCheck.run(layout);
        }
        CheckCommand.printCapped(out, result.changes().stream().map(c -> "repaired: " + c).toList());
        if (result.backup() != null) {
            out.printf("previous files kept in %s%n", result.backup());
        } else {
            out.printf("nothing to rewrite in %s%n", layout.caDir());
        }
        CheckCommand.print(out, after.findings());
        out.printf(after.consistent() ? "consistent: %s%n" : "still damaged: %s (see above)%n", layout.caDir());
        out.flush();
        return after.consistent() ? ExitCodes.OK : ExitCodes.DAMAGED;
    }
}
