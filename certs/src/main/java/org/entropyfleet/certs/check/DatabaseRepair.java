package org.entropyfleet.certs.check;

import org.entropyfleet.certs.cli.CertsException;
import org.entropyfleet.certs.store.CertIndex;
import org.entropyfleet.certs.store.FileBatch;
import org.entropyfleet.certs.store.HexCounter;
import org.entropyfleet.certs.store.IndexEntry;
import org.entropyfleet.certs.store.PkiLayout;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds {@code ca/index.tsv}, {@code ca/serial} and the {@code crlnumber} counters from the evidence
 * on disk: readable index lines are kept, certificates in {@code issued/} and {@code ca/certs/} that the
 * index lost are added back, every revocation in a published CRL is recorded again, and each counter
 * moves past everything already used. Counters never go down and revocations are never dropped.
 * Every file it replaces is copied to {@code ca/backup/TIME/} first. The caller holds the directory lock.
 */
public final class DatabaseRepair {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** What was changed (one line each, for the operator) and where the old files went ({@code null}: nothing). */
    public record Result(List<String> changes, Path backup) {
    }

    private DatabaseRepair() {
    }

    public static Result run(PkiLayout layout, Instant now) {
        DatabaseCheck.Report report = DatabaseCheck.run(layout);
        CaEvidence ev = report.evidence();
        List<String> changes = new ArrayList<>();
        report.index().damage().forEach(d -> changes.add("dropped unreadable line " + d));
        List<IndexEntry> entries = rebuildEntries(report, ev, changes);

        Map<Path, String> rewrite = new LinkedHashMap<>();
        String indexText = CertIndex.of(layout.index(), entries).text();
        if (!indexText.equals(readOrNull(layout.index()))) {
            rewrite.put(layout.index(), indexText);
        }
        BigInteger nextSerial = DatabaseCheck.highestSerial(ev, report.index(), layout.index())
                .map(h -> h.getKey().add(BigInteger.ONE)).orElse(BigInteger.ONE);
        counter(layout.serial(), nextSerial, rewrite, changes);
        for (Path caDir : List.of(layout.caDir(), layout.previousCaDir())) {
            crlCounter(caDir, ev, rewrite, changes);
        }
        if (rewrite.isEmpty()) {
            return new Result(changes, null);
        }
        if (rewrite.containsKey(layout.index())) {
            changes.add("rewrote " + layout.index() + " with " + entries.size() + " entries");
        }
        Path backup = backup(layout, rewrite.keySet(), now);
        try (FileBatch batch = new FileBatch()) {
            rewrite.forEach((file, text) -> batch.write(file, text, false));
            batch.commit();
        }
        return new Result(changes, backup);
    }

    private static List<IndexEntry> rebuildEntries(DatabaseCheck.Report report, CaEvidence ev, List<String> changes) {
        List<IndexEntry> entries = new ArrayList<>();
        for (IndexEntry e : report.index().entries()) {
            entries.add(withKnownIssuer(e, ev, changes));
        }
        Set<BigInteger> known = new HashSet<>();
        entries.forEach(e -> known.add(e.serial()));
        for (CaEvidence.FoundCert c : ev.issued().values()) {
            if (known.add(c.cert().getSerialNumber())) {
                entries.add(entry(c, c.name()));
                changes.add("recorded serial " + DatabaseCheck.hex(c.cert().getSerialNumber()) + " '" + c.name()
                        + "' from " + c.file());
            }
        }
        for (BigInteger serial : ev.archived().keySet()) {
            if (!known.contains(serial)) {
                ev.readArchived(serial).ifPresent(c -> {
                    known.add(serial);
                    entries.add(entry(c, c.name()));
                    changes.add("recorded serial " + DatabaseCheck.hex(serial) + " '" + c.name() + "' from " + c.file());
                });
            }
        }
        for (CaEvidence.Revocation r : ev.revocations().values()) {
            boolean found = false;
            for (int i = 0; i < entries.size(); i++) {
                IndexEntry e = entries.get(i);
                if (e.serial().equals(r.serial())) {
                    found = true;
                    if (!e.isRevoked()) {
                        entries.set(i, e.revoked(r.at(), r.reason().keyword()));
                        changes.add("recorded the revocation of serial " + e.serialHex() + " '" + e.name() + "' from " + r.file());
                    }
                }
            }
            if (!found) {
                // only the CRL still knows this certificate: keep the revocation so the next CRL lists it
                String name = "serial-" + DatabaseCheck.hex(r.serial());
                entries.add(new IndexEntry(r.serial(), name, "unknown", r.at(), r.at(), IndexEntry.Status.REVOKED,
                        r.at(), r.reason().keyword(), r.issuerKeyId()));
                changes.add("recorded revoked serial " + DatabaseCheck.hex(r.serial()) + " (no certificate left; listed as '"
                        + name + "') from " + r.file());
            }
        }
        // serials are handed out in order, so serial order is issue order, which 'latest per NAME' relies on
        entries.sort(Comparator.comparing(IndexEntry::serial));
        Map<String, BigInteger> newest = new HashMap<>();
        entries.forEach(e -> newest.merge(e.name(), e.serial(), BigInteger::max));
        for (int i = 0; i < entries.size(); i++) {
            IndexEntry e = entries.get(i);
            if (e.isRevoked()) {
                continue;
            }
            IndexEntry.Status s = e.serial().equals(newest.get(e.name())) ? IndexEntry.Status.VALID : IndexEntry.Status.SUPERSEDED;
            if (s != e.status()) {
                entries.set(i, e.withStatus(s));
                changes.add("serial " + e.serialHex() + " '" + e.name() + "' is now " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        return entries;
    }

    /** An entry whose issuer key id got mangled takes it from its certificate, when that is still on disk. */
    private static IndexEntry withKnownIssuer(IndexEntry e, CaEvidence ev, List<String> changes) {
        if (ev.cas().containsKey(e.issuerKeyId())) {
            return e;
        }
        CaEvidence.FoundCert c = ev.issued().get(e.serial());
        if (c == null) {
            c = ev.readArchived(e.serial()).orElse(null);
        }
        if (c == null) {
            return e;
        }
        changes.add("serial " + e.serialHex() + " '" + e.name() + "': issuer key id taken from " + c.file());
        return new IndexEntry(e.serial(), e.name(), e.kind(), e.notBefore(), e.notAfter(), e.status(), e.revokedAt(),
                e.reason(), c.issuerKeyId());
    }

    private static IndexEntry entry(CaEvidence.FoundCert c, String name) {
        return new IndexEntry(c.cert().getSerialNumber(), name, LeafFacts.kind(c.cert()),
                c.cert().getNotBefore().toInstant(), c.cert().getNotAfter().toInstant(), IndexEntry.Status.VALID,
                null, null, c.issuerKeyId());
    }

    /** Stages {@code file := max(its value, atLeast)}: a counter only ever moves forward. */
    private static void counter(Path file, BigInteger atLeast, Map<Path, String> rewrite, List<String> changes) {
        BigInteger current = readCounter(file);
        BigInteger next = current == null || current.compareTo(atLeast) < 0 ? atLeast : current;
        String text = HexCounter.format(next);
        if (!text.equals(readOrNull(file))) {
            rewrite.put(file, text);
            changes.add(file + ": " + (current == null ? "unreadable" : DatabaseCheck.hex(current)) + " -> "
                    + DatabaseCheck.hex(next));
        }
    }

    private static void crlCounter(Path caDir, CaEvidence ev, Map<Path, String> rewrite, List<String> changes) {
        var seen = ev.highestCrlOf(caDir);
        if (seen.isPresent()) {
            counter(PkiLayout.crlNumber(caDir), seen.get().number().add(BigInteger.ONE), rewrite, changes);
        }
    }

    private static BigInteger readCounter(Path file) {
        try {
            return HexCounter.read(file);
        } catch (CertsException e) {
            return null;
        }
    }

    private static String readOrNull(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** Copies the files about to be replaced into a new {@code ca/backup/TIME/}; returns that directory. */
    private static Path backup(PkiLayout layout, Iterable<Path> files, Instant now) {
        FileBatch.ensureDirectory(layout.backupDir(), FileBatch.PRIVATE_DIR);
        Path dir = layout.backupDir().resolve(STAMP.format(now));
        for (int n = 2; Files.exists(dir); n++) {
            dir = layout.backupDir().resolve(STAMP.format(now) + "-" + n);
        }
        FileBatch.ensureDirectory(dir, FileBatch.PRIVATE_DIR);
        try (FileBatch batch = new FileBatch()) {
            for (Path f : files) {
                if (Files.exists(f)) {
                    // ca/previous/crlnumber -> previous-crlnumber: one flat directory per run
                    String name = layout.caDir().relativize(f).toString().replace('/', '-');
                    try {
                        batch.write(dir.resolve(name), Files.readAllBytes(f), false);
                    } catch (IOException e) {
                        throw CertsException.runtime("cannot back up " + f + ": " + e.getMessage(), e);
                    }
                }
            }
            batch.commit();
        }
        return dir;
    }
}
