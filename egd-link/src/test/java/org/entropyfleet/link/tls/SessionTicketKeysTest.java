package org.entropyfleet.link.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key file: kept 0600, read back after a restart, rotated with a bounded number of old keys. */
class SessionTicketKeysTest {
    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(SessionTicketKeys.FILE_NAME);
    }

    @Test
    void keysAreKeptPrivatelyAndReadBackByTheNextProcess() throws Exception {
        SessionTicketKeys first = SessionTicketKeys.persistent(dir);
        assertTrue(first.rotateIfDue(Instant.now()), "no file yet: a first key is made");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
        String stored = Files.readString(file());

        SessionTicketKeys second = SessionTicketKeys.persistent(dir);
        assertFalse(second.rotateIfDue(Instant.now()));
        assertEquals(first.newest(), second.newest());
        assertEquals(stored, Files.readString(file()), "a fresh key is not due: the file is unchanged");
    }

    @Test
    void rotationKeepsTheNewestKeysOnly() throws Exception {
        SessionTicketKeys keys = SessionTicketKeys.persistent(dir);
        keys.rotateIfDue(Instant.now());
        Instant t = keys.newest();
        assertFalse(keys.rotateIfDue(t.plus(SessionTicketKeys.ROTATE_AFTER).minusSeconds(1)));
        for (int i = 1; i <= SessionTicketKeys.KEPT + 1; i++) {
            assertTrue(keys.rotateIfDue(t.plus(SessionTicketKeys.ROTATE_AFTER.multipliedBy(i))));
        }
        assertEquals(SessionTicketKeys.KEPT, keys.size());
        assertEquals(SessionTicketKeys.KEPT, Files.readAllLines(file()).size());
        assertEquals(t.plus(SessionTicketKeys.ROTATE_AFTER.multipliedBy(SessionTicketKeys.KEPT + 1)),
                SessionTicketKeys.persistent(dir).newest());
    }

    @Test
    void aDamagedFileIsReplacedByFreshKeys() throws Exception {
        Files.writeString(file(), "not a key\n");
        SessionTicketKeys keys = SessionTicketKeys.persistent(dir);
        assertTrue(keys.rotateIfDue(Instant.now()));
        assertEquals(1, keys.size());
        assertNotEquals("not a key\n", Files.readString(file()));
    }
}
