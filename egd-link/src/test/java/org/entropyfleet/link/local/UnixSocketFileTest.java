package org.entropyfleet.link.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketFileTest {
    @TempDir
    Path dir;

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void aBoundSocketGetsItsGroupAndMode() throws Exception {
        Path sock = dir.resolve("egd.sock");
        // any group this process may give a file: its own primary group (as root, any group would do)
        String group = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
            UnixSocketFile.restrict(sock, new LocalAccess(64, 16, group, 0660));
            assertEquals(0660, mode(sock));
            assertEquals(group, Files.getAttribute(sock, "posix:group", LinkOption.NOFOLLOW_LINKS).toString());
            UnixSocketFile.restrict(sock, new LocalAccess(64, 16, null, 0600));
            assertEquals(0600, mode(sock));
        }
    }

    @Test
    void permissionBitsMapOneToOne() {
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), UnixSocketFile.permissions(0660));
        assertEquals(PosixFilePermissions.fromString("rwxr-x--x"), UnixSocketFile.permissions(0751));
    }

    @Test
    void onlyAStaleSocketIsRemoved() throws Exception {
        Path sock = dir.resolve("old.sock");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        UnixSocketFile.removeStale(sock);
        assertFalse(Files.exists(sock, LinkOption.NOFOLLOW_LINKS));
        Path typo = Files.writeString(dir.resolve("egd.yaml"), "not a socket");
        assertThrows(IllegalStateException.class, () -> UnixSocketFile.removeStale(typo));
        assertTrue(Files.exists(typo));
    }
}
