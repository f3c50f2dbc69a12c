package org.entropyfleet.certs.store;

import org.entropyfleet.certs.cli.CertsException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a group of files so that none is ever seen half-written: each is staged to a temporary file
 * in the target's own directory (same file system, so the rename is atomic), fsynced, and only
 * {@link #commit()} renames them all into place and fsyncs the directories. Until then the old files
 * are untouched; {@link #close()} removes uncommitted temporaries.
 *
 * <p>Secret files get mode 0600 when the temporary file is <em>created</em>, before a single byte of
 * key material is written, so there is no window in which a key is world-readable.
 */
public final class FileBatch implements AutoCloseable {
    public static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> PUBLIC_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private record Staged(Path temp, Path target) {
    }

    private final List<Staged> staged = new ArrayList<>();
    private boolean committed;

    /** Stages {@code text} for {@code target}; {@code secret} files are 0600, others 0644. */
    public FileBatch write(Path target, String text, boolean secret) {
        return write(target, text.getBytes(StandardCharsets.US_ASCII), secret);
    }

    public FileBatch write(Path target, byte[] content, boolean secret) {
        Path dir = target.toAbsolutePath().getParent();
        Set<PosixFilePermission> mode = secret ? SECRET : PUBLIC;
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp",
                    PosixFilePermissions.asFileAttribute(SECRET));
            // created 0600 whatever the umask; widen public files only now that the content is ours
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(temp, mode);
            staged.add(new Staged(temp, target.toAbsolutePath()));
            return this;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw CertsException.runtime("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #write(Path, String, boolean)} but stages nothing when {@code target} already holds
     * exactly this content, so readers watching mtimes (the agents' TLS reload) see no change.
     */
    public FileBatch writeIfChanged(Path target, String text, boolean secret) {
        byte[] content = text.getBytes(StandardCharsets.US_ASCII);
        try {
            if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), content)) {
                Files.setPosixFilePermissions(target, secret ? SECRET : PUBLIC);
                return this;
            }
        } catch (IOException e) {
            // unreadable: fall through and replace it
        }
        return write(target, content, secret);
    }

    public boolean isEmpty() {
        return staged.isEmpty();
    }

    public int size() {
        return staged.size();
    }

    /** Renames every staged file into place (in staging order), then fsyncs the directories. */
    public void commit() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Staged s : staged) {
            try {
                Files.move(s.temp(), s.target(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw CertsException.runtime("cannot atomically replace " + s.target() + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw CertsException.runtime("cannot replace " + s.target() + ": " + e.getMessage(), e);
            }
            dirs.add(s.target().getParent());
        }
        committed = true;
        dirs.forEach(FileBatch::fsyncDirectory);
    }

    @Override
    public void close() {
        if (!committed) {
            staged.forEach(s -> deleteQuietly(s.temp()));
        }
    }

    /** Creates {@code dir} (and parents) if missing and gives it {@code mode}. */
    public static void ensureDirectory(Path dir, Set<PosixFilePermission> mode) {
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                Files.setPosixFilePermissions(dir, mode);
            }
        } catch (IOException e) {
            throw CertsException.runtime("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes renames in {@code dir} durable; Linux allows fsync on a directory opened read-only. */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw CertsException.runtime("cannot fsync directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a stray ".NAME.*.tmp" is harmless and obviously temporary
        }
    }
}
