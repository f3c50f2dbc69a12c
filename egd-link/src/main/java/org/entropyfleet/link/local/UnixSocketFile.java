package org.entropyfleet.link.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file of a listening Unix socket: who may connect is decided by its mode and group (connecting
 * needs write permission on it, and search permission on its directories).
 */
public final class UnixSocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private UnixSocketFile() {
    }

    /**
     * Gives the just-bound socket its group and mode. Until then it has the mode the umask left
     * (0700 under the units' {@code UMask=0077}), so nobody outside is let in early.
     *
     * @throws IllegalStateException naming the key, e.g. when the agent is not a member of the group
     */
    public static void restrict(Path socket, LocalAccess access) {
        if (access.socketGroup() != null) {
            try {
                GroupPrincipal g = FileSystems.getDefault().getUserPrincipalLookupService()
                        .lookupPrincipalByGroupName(access.socketGroup());
                Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
            } catch (IOException e) {
                throw new IllegalStateException("local-egd.socket-group: cannot give " + socket + " the group '"
                        + access.socketGroup() + "' (the agent's user must be a member of it): " + e.getMessage(), e);
            }
        }
        try {
            Files.setPosixFilePermissions(socket, permissions(access.socketMode()));
        } catch (IOException e) {
            throw new IllegalStateException("local-egd.socket-mode: cannot set mode " + access.socketModeText()
                    + " on " + socket + ": " + e.getMessage(), e);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    /** Removes a socket left by a previous run, but never a file that is not a socket (a typo in the path). */
    public static void removeStale(Path p) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            Object mode = Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (!(mode instanceof Integer m) || (m & S_IFMT) != S_IFSOCK) {
                throw new IllegalStateException(p + " exists and is not a socket; refusing to replace it");
            }
            Files.delete(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot remove stale socket " + p + ": " + e.getMessage(), e);
        }
    }
}
