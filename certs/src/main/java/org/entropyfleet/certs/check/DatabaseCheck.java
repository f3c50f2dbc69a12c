package org.entropyfleet.certs.check;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.HexCounter;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.PkiLayout;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-checks the CA database ({@code ca/index.tsv}, {@code ca/serial}, {@code crlnumber}) against what
 * the rest of the directory proves was issued and published ({@link CaEvidence}). A truncated index, a
 * serial or CRL counter restored from an old backup, or an index that lost a revocation all show up here
 * before a signing command could turn them into a duplicate serial, an un-revoked certificate or a CRL
 * that peers refuse as a rollback.
 */
public final class DatabaseCheck {
    private DatabaseCheck() {
    }

    /** The findings, and what they were computed from (for {@code repair}). */
    public record Report(List<Finding> findings, CertIndex.Salvage index, CaEvidence evidence) {
        public List<Finding> damage() {
            return findings.stream().filter(Finding::isDamage).toList();
        }

        public boolean consistent() {
            return damage().isEmpty();
        }
    }

    public static Report run(PkiLayout layout) {
        CaEvidence ev = CaEvidence.gather(layout);
        List<Finding> out = new ArrayList<>(ev.unreadable());
        Path indexFile = layout.index();
        CertIndex.Salvage index = CertIndex.salvage(indexFile);
        index.damage().forEach(m -> out.add(Finding.damage(indexFile, m)));

        Map<BigInteger, IndexEntry> bySerial = new HashMap<>();
        for (IndexEntry e : index.entries()) {
            IndexEntry first = bySerial.putIfAbsent(e.serial(), e);
            if (first != null && !first.name().equals(e.name())) {
                out.add(Finding.warning(indexFile, indexFile + ": serial " + e.serialHex() + " was issued twice ('"
                        + first.name() + "' and '" + e.name() + "'); revoking either revokes both, so re-issue "
                        + "both (certs issue ... --force) and revoke the old serial"));
            }
        }
        for (IndexEntry e : index.entries()) {
            if (!ev.cas().containsKey(e.issuerKeyId())) {
                boolean fixable = ev.issued().containsKey(e.serial()) || ev.archived().containsKey(e.serial());
                String text = indexFile + ": serial " + e.serialHex() + " names issuer key id '" + e.issuerKeyId()
                        + "', none of this directory's CAs; its revocation would be left out of every CRL";
                out.add(fixable ? Finding.damage(indexFile, text) : Finding.warning(indexFile, text));
            }
        }
        checkSerial(layout, ev, index, out);
        for (Map.Entry<BigInteger, CaEvidence.FoundCert> c : ev.issued().entrySet()) {
            if (!bySerial.containsKey(c.getKey())) {
                out.add(Finding.damage(indexFile, indexFile + ": serial " + hex(c.getKey()) + " of "
                        + c.getValue().file() + " is not recorded (truncated, or restored from an older copy)"));
            }
        }
        for (Map.Entry<BigInteger, Path> a : ev.archived().entrySet()) {
            if (!bySerial.containsKey(a.getKey()) && !ev.issued().containsKey(a.getKey())) {
                out.add(Finding.damage(indexFile, indexFile + ": serial " + hex(a.getKey()) + " of " + a.getValue()
                        + " is not recorded (truncated, or restored from an older copy)"));
            }
        }
        for (CaEvidence.Revocation r : ev.revocations().values()) {
            IndexEntry e = bySerial.get(r.serial());
            if (e == null || !e.isRevoked()) {
                out.add(Finding.damage(indexFile, indexFile + ": serial " + hex(r.serial()) + " is revoked in "
                        + r.file() + " but " + (e == null ? "not recorded" : "recorded as " + e.status().name()
                        .toLowerCase(Locale.ROOT)) + "; the next CRL would un-revoke it"));
            }
        }
        checkCrlNumber(layout.caDir(), ev, out);
        checkCrlNumber(layout.previousCaDir(), ev, out);
        return new Report(List.copyOf(out), index, ev);
    }

    /**
     * Run by every command that signs or changes the CA files, under the directory lock: refuses (exit 2)
     * with the first problem, the file at fault and what to run.
     */
    public static void requireConsistent(PkiLayout layout) {
        List<Finding> damage = run(layout).damage();
        if (damage.isEmpty()) {
            return;
        }
        String dir = layout.root().toString();
        throw CertsException.config("CA database damaged, nothing changed: " + damage.get(0).text()
                + (damage.size() > 1 ? " (and " + (damage.size() - 1) + " more problem(s))" : "")
                + ". Run 'certs check --dir " + dir + "' for the full list and 'certs repair --dir " + dir
                + "' to rebuild index, serial and CRL number from the issued certificates and the last CRL");
    }

    /** The highest serial anything on disk has used, and where: the next one must be above it. */
    static Optional<Map.Entry<BigInteger, String>> highestSerial(CaEvidence ev, CertIndex.Salvage index, Path indexFile) {
        Map.Entry<BigInteger, String> best = null;
        for (IndexEntry e : index.entries()) {
            best = max(best, Map.entry(e.serial(), indexFile.toString()));
        }
        for (CaEvidence.FoundCert c : ev.issued().values()) {
            best = max(best, Map.entry(c.cert().getSerialNumber(), c.file().toString()));
        }
        for (Map.Entry<BigInteger, Path> a : ev.archived().entrySet()) {
            best = max(best, Map.entry(a.getKey(), a.getValue().toString()));
        }
        for (CaEvidence.Revocation r : ev.revocations().values()) {
            best = max(best, Map.entry(r.serial(), r.file().toString()));
        }
        return Optional.ofNullable(best);
    }

    private static Map.Entry<BigInteger, String> max(Map.Entry<BigInteger, String> a, Map.Entry<BigInteger, String> b) {
        return a == null || b.getKey().compareTo(a.getKey()) > 0 ? b : a;
    }

    private static void checkSerial(PkiLayout layout, CaEvidence ev, CertIndex.Salvage index, List<Finding> out) {
        Path file = layout.serial();
        BigInteger next;
        try {
            next = HexCounter.read(file);
        } catch (CertsException e) {
            out.add(Finding.damage(file, e.getMessage()));
            return;
        }
        highestSerial(ev, index, layout.index()).ifPresent(h -> {
            if (next.compareTo(h.getKey()) <= 0) {
                out.add(Finding.damage(file, file + ": next serial is " + hex(next) + " but serial " + hex(h.getKey())
                        + " was already issued (" + h.getValue() + "); the next certificate would repeat a serial"));
            }
        });
    }

    private static void checkCrlNumber(Path caDir, CaEvidence ev, List<Finding> out) {
        Optional<CaEvidence.CrlSeen> seen = ev.highestCrlOf(caDir);
        if (seen.isEmpty()) {
            return;
        }
        Path file = PkiLayout.crlNumber(caDir);
        BigInteger published = seen.get().number();
        if (!Files.exists(file)) {
            out.add(Finding.damage(file, file + ": missing, but " + seen.get().file() + " already carries CRL number "
                    + hex(published) + "; the next CRL would restart at 01 and peers would refuse it as a rollback"));
            return;
        }
        try {
            BigInteger next = HexCounter.read(file);
            if (next.compareTo(published) <= 0) {
                out.add(Finding.damage(file, file + ": next CRL number is " + hex(next) + " but " + seen.get().file()
                        + " already carries CRL number " + hex(published)
                        + "; peers that track CRL numbers would refuse the next CRL as a rollback"));
            }
        } catch (CertsException e) {
            out.add(Finding.damage(file, e.getMessage()));
        }
    }

    static String hex(BigInteger v) {
        return HexCounter.format(v).trim();
    }
}
