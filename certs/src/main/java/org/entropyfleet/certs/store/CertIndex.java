package org.entropyfleet.certs.store;

import java.util.TreeMap;
import java.util.Map;
import org.entropyfleet.certs.cli.CertsException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code ca/index.tsv}: every certificate issued from this directory, oldest first, one per line, tab
 * separated so {@code cut}/{@code awk} work on it. Lines starting with {@code #} are comments.
 */
public final class CertIndex {
    static final String HEADER = "# serial\tname\tkind\tnot-before\tnot-after\tstatus\trevoked-at\treason\tissuer-key-id\n";
    private static final int COLUMNS = 9;
    private static final String NONE = "-";

    private final Path file;
    private final List<IndexEntry> entries;

    private CertIndex(Path file, List<IndexEntry> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static CertIndex empty(Path file) {
        return new CertIndex(file, new ArrayList<>());
    }

    /** An index with exactly these entries (oldest first), e.g. one {@code repair} rebuilt. */
    public static CertIndex of(Path file, List<IndexEntry> entries) {
        return new CertIndex(file, new ArrayList<>(entries));
    }

    public static CertIndex load(Path file) {
        List<String> lines = readLines(file);
        List<IndexEntry> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            out.add(parse(file, i + 1, line));
        }
        return new CertIndex(file, out);
    }

    /**
     * What can still be read from a damaged index: every well-formed line, and one message per line that
     * is not (a file cut off mid-line, a stray edit) or for a missing file.
     */
    public record Salvage(List<IndexEntry> entries, List<String> damage) {
    }

    public static Salvage salvage(Path file) {
        List<IndexEntry> entries = new ArrayList<>();
        List<String> damage = new ArrayList<>();
        List<String> lines;
        try {
            lines = readLines(file);
        } catch (CertsException e) {
            return new Salvage(entries, List.of(e.getMessage()));
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                entries.add(parse(file, i + 1, line));
            } catch (CertsException e) {
                damage.add(e.getMessage());
            }
        }
        return new Salvage(entries, damage);
    }

    private static List<String> readLines(Path file) {
        try {
            // decoded leniently: a stray byte is then reported with its line number, not as an I/O error
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            throw CertsException.config(file + ": missing (the CA directory is incomplete)");
        } catch (IOException e) {
            throw CertsException.runtime("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static IndexEntry parse(Path file, int lineNo, String line) {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMNS) {
            throw CertsException.config(file + ":" + lineNo + ": expected " + COLUMNS + " tab-separated columns, found " + f.length);
        }
        try {
            return new IndexEntry(new BigInteger(f[0], 16), f[1], f[2], Instant.parse(f[3]), Instant.parse(f[4]),
                    IndexEntry.Status.valueOf(f[5].toUpperCase(Locale.ROOT)),
                    NONE.equals(f[6]) ? null : Instant.parse(f[6]), NONE.equals(f[7]) ? null : f[7], f[8]);
        } catch (NumberFormatException | DateTimeParseException e) {
            throw CertsException.config(file + ":" + lineNo + ": malformed entry: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CertsException.config(file + ":" + lineNo + ": unknown status '" + f[5] + "' (valid, superseded, revoked)", e);
        }
    }

    public List<IndexEntry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The newest certificate issued under {@code name}, whatever its status. */
    public Optional<IndexEntry> latest(String name) {
        IndexEntry found = null;
        for (IndexEntry e : entries) {
            if (e.name().equals(name)) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The newest entry per NAME, sorted by name: what {@code list} shows by default. */
    public List<IndexEntry> latestPerName() {
        Map<String, IndexEntry> latest = new TreeMap<>();
        for (IndexEntry e : entries) {
            latest.put(e.name(), e);   // entries are oldest first, so the last one wins
        }
        return List.copyOf(latest.values());
    }

    public List<IndexEntry> byName(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).toList();
    }

    public List<IndexEntry> revokedBy(String issuerKeyId) {
        return entries.stream().filter(e -> e.isRevoked() && e.issuerKeyId().equals(issuerKeyId))
                .sorted(Comparator.comparing(IndexEntry::serial)).toList();
    }

    public void add(IndexEntry e) {
        entries.add(e);
    }

    public void replace(IndexEntry old, IndexEntry updated) {
        int i = entries.indexOf(old);
        if (i < 0) {
            throw new IllegalStateException("entry not in index: serial " + old.serialHex());
        }
        entries.set(i, updated);
    }

    /** Stages the index into {@code batch}. */
    public void stage(FileBatch batch) {
        batch.write(file, text(), false);
    }

    /** The file's content: header, then one line per entry. */
    public String text() {
        StringBuilder sb = new StringBuilder(HEADER);
        for (IndexEntry e : entries) {
            sb.append(e.serialHex()).append('\t').append(e.name()).append('\t').append(e.kind()).append('\t')
                    .append(e.notBefore()).append('\t').append(e.notAfter()).append('\t')
                    .append(e.status().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(e.revokedAt() == null ? NONE : e.revokedAt().toString()).append('\t')
                    .append(e.reason() == null ? NONE : e.reason()).append('\t')
                    .append(e.issuerKeyId()).append('\n');
        }
        return sb.toString();
    }
}
